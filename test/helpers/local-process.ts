import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../infra/local/free-port';
import { streamDeadLetterFile } from '../../infra/local/stream-poller';

/** A `npm start`-equivalent process of the local host. */
export interface LocalProcess {
  url: string;
  dynamoEndpoint: string;
  apiToken: string;
  /** RAPPORT_DATA_DIR: where the host keeps its dead letters and webhook activity. */
  dataDir: string;
  /** RAPPORT_VIEWER_TOKEN: a read-only viewer. */
  viewerToken: string;
  output: () => string;
  child: ChildProcess;
  /**
   * Stops the host (SIGINT, as Ctrl-C) and resolves with its exit code; rejects when the relay
   * met a record it could not decode into its event (an event lost to subscribers), which no
   * test provokes through the local host.
   */
  stop(): Promise<number | null>;
}

/**
 * Starts `infra/local/start.ts` (what `npm start` runs) in its own process on a free port,
 * in memory, and resolves once it prints its URLs.
 *
 * @example
 * const local = await startLocalProcess({ SHOPIFY_WEBHOOK_SECRET: 'hush' });
 */
export async function startLocalProcess(env: Record<string, string> = {}): Promise<LocalProcess> {
  const port = await freePort();
  const apiToken = env.RAPPORT_API_TOKEN ?? 'e2e-token';
  const viewerToken = env.RAPPORT_VIEWER_TOKEN ?? 'e2e-viewer-token';
  const dataDir = env.RAPPORT_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      RAPPORT_IN_MEMORY: '1',
      RAPPORT_DATA_DIR: dataDir,
      RAPPORT_API_TOKEN: apiToken,
      RAPPORT_VIEWER_TOKEN: viewerToken,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`local host did not start:\n${output}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  const dynamoEndpoint = /DynamoDB Local: (\S+)/.exec(output)?.[1] ?? '';
  return {
    url: `http://127.0.0.1:${port}`,
    dynamoEndpoint,
    apiToken,
    viewerToken,
    dataDir,
    output: () => output,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      const deadLetters = join(dataDir, streamDeadLetterFile);
      if (output.includes('does not match its event contract') || existsSync(deadLetters))
        throw new Error(
          `the relay could not decode a record into its event:\n${output
            .split('\n')
            .filter((line) => line.includes('event contract') || line.includes('dead-letter'))
            .join('\n')}`,
        );
      return code;
    },
  };
}
