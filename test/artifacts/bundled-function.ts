import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { account, type DeployedFunction, region } from './deployment';

/** How one invocation ended, as Lambda reports it. */
export type InvokeOutcome =
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; errorType: string; errorMessage: string };

/** Endpoints standing in for AWS services, as the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables. */
export interface ServiceEndpoints {
  dynamodb: string;
  secretsManager: string;
  eventBridge: string;
  lambda: string;
  sesv2: string;
  sns: string;
  sqs: string;
}

/** A bundled function running in its own Node process, as a Lambda execution environment. */
export interface RunningFunction {
  deployed: DeployedFunction;
  /** The Node version the asset runs on. */
  node: string;
  /** The module's export names. */
  exports: string[];
  invoke(event: unknown): Promise<InvokeOutcome>;
  /** Every environment variable the code has read so far. */
  environmentReads(): Promise<string[]>;
  /** What the function wrote to stdout (its JSON logs and EMF metrics). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The variables Lambda itself sets in every execution environment, with the SDK pointed at the
 * stand-ins and the role's credentials naming the function (so the stand-ins can check grants).
 *
 * @example
 * const env = { ...runtimeEnvironment(fn, endpoints), ...fn.environment };
 */
export function runtimeEnvironment(
  fn: DeployedFunction,
  endpoints: ServiceEndpoints,
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    _HANDLER: fn.handler,
    LAMBDA_TASK_ROOT: fn.assetDir,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.logicalId}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_ACCESS_KEY_ID: fn.logicalId,
    AWS_SECRET_ACCESS_KEY: 'artifact-test',
    AWS_SESSION_TOKEN: `role/${fn.roleId}@${account}`,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventBridge,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
    AWS_ENDPOINT_URL_SESV2: endpoints.sesv2,
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
  };
}

const runner = join(import.meta.dirname, 'lambda-runner.mjs');

/**
 * Starts a bundled function: a fresh Node process (this test run's Node 24, no loader) imports
 * the asset the template names with exactly the runtime's variables and the template's
 * environment; nothing of this process's environment leaks in.
 *
 * @example
 * const relay = await startBundledFunction(deployment.functions[0], endpoints);
 * await relay.invoke({ Records: [] });
 */
export async function startBundledFunction(
  deployed: DeployedFunction,
  endpoints: ServiceEndpoints,
): Promise<RunningFunction> {
  const child: ChildProcess = spawn(process.execPath, [runner, deployed.assetDir, deployed.handler], {
    cwd: deployed.assetDir,
    env: { ...runtimeEnvironment(deployed, endpoints), ...deployed.environment },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const pending = new Map<number, (message: Record<string, unknown>) => void>();
  let nextId = 0;
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('message', (message: Record<string, unknown>) => resolve(message));
    child.once('exit', (code) =>
      reject(new Error(`${deployed.name} exited (${code}) before it was ready: ${stderr.slice(0, 2000)}`)),
    );
  });
  if (ready.kind !== 'ready') {
    throw new Error(`${deployed.name} failed to import: ${ready.errorType}: ${ready.errorMessage}`);
  }
  child.on('message', (message: Record<string, unknown>) => {
    const id = message.id as number;
    pending.get(id)?.(message);
    pending.delete(id);
  });
  const request = (message: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ ...message, id }, (error) => error && reject(error));
    });
  return {
    deployed,
    node: ready.node as string,
    exports: ready.exports as string[],
    async invoke(event) {
      const message = await request({
        kind: 'invoke',
        event,
        timeoutMs: deployed.timeoutSeconds * 1000,
      });
      if (message.kind === 'result') return { kind: 'result', result: message.result };
      return {
        kind: 'error',
        errorType: message.errorType as string,
        errorMessage: message.errorMessage as string,
      };
    },
    async environmentReads() {
      return (await request({ kind: 'env_reads' })).names as string[];
    },
    output: () => stdout,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
