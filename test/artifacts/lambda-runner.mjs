// A minimal Lambda runtime for the artifact tests: imports one bundled asset exactly as uploaded
// (the file and export named by the template's `Handler`), then runs the invocations it receives
// over IPC. Plain JavaScript run by the project's Node 24, with no loader of any kind, so the
// bundle is imported as Lambda imports it. It records every environment variable the code reads.
import { pathToFileURL } from 'node:url';

const [assetDir, handlerSpec] = process.argv.slice(2);
const [file, exportName] = handlerSpec.split('.');
const read = new Set();
const env = process.env;
process.env = new Proxy(env, {
  get(target, name) {
    if (typeof name === 'string') read.add(name);
    return target[name];
  },
  has(target, name) {
    if (typeof name === 'string') read.add(name);
    return name in target;
  },
});

const send = (message) => process.send?.(message);

let handler;
try {
  const module = await import(pathToFileURL(`${assetDir}/${file}.mjs`).href);
  handler = module[exportName];
  if (typeof handler !== 'function') throw new TypeError(`${handlerSpec} is not an exported function`);
  send({ kind: 'ready', node: process.versions.node, exports: Object.keys(module) });
} catch (error) {
  send({
    kind: 'init_error',
    errorType: error?.name ?? 'Error',
    errorMessage: String(error?.message ?? error),
  });
  process.exit(1);
}

process.on('message', async (message) => {
  if (message.kind === 'env_reads') {
    send({ kind: 'env_reads', id: message.id, names: [...read] });
    return;
  }
  const deadline = Date.now() + (message.timeoutMs ?? 30_000);
  const context = {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${env.AWS_REGION}:000000000000:function:${env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${env.AWS_LAMBDA_FUNCTION_NAME}`,
    logStreamName: 'artifact-test',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(message.event, context);
    send({
      kind: 'result',
      id: message.id,
      result: result === undefined ? null : JSON.parse(JSON.stringify(result)),
    });
  } catch (error) {
    // Lambda's error payload for an unhandled error.
    send({
      kind: 'error',
      id: message.id,
      errorType: error?.name ?? 'Error',
      errorMessage: String(error?.message ?? error),
    });
  }
});
