import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request an alert receiver got. */
export interface ReceivedAlert {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** How the receiver answers one request: a status, headers and body, or never (a hung server). */
export type ReceiverAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A local HTTP server standing in for a webhook, Slack or a group robot. */
export interface AlertReceiver {
  url: (path?: string) => string;
  received: ReceivedAlert[];
  /** Answers to give, in order, before falling back to 200 `{"errcode":0}`. */
  script(...answers: ReceiverAnswer[]): void;
  /** Calls `listener` with each request as it arrives. */
  onRequest(listener: (request: ReceivedAlert) => void): void;
  /** Resolves when `count` requests have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedAlert[]>;
  close(): Promise<void>;
}

/**
 * Starts a receiver on a loopback port, answering as scripted: failures, hangs and 429s with
 * `Retry-After` for the fault tests, then 200 with a robot's success body.
 *
 * @example
 * const receiver = await startAlertReceiver();
 * receiver.script({ status: 503 }, { status: 429, headers: { 'retry-after': '1' } });
 */
export async function startAlertReceiver(): Promise<AlertReceiver> {
  const received: ReceivedAlert[] = [];
  const answers: ReceiverAnswer[] = [];
  const waiters: Array<() => void> = [];
  const hung: Array<() => void> = [];
  const listeners: Array<(request: ReceivedAlert) => void> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const alert = {
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(alert);
      for (const listener of listeners) listener(alert);
      for (const wake of waiters.splice(0)) wake();
      const answer = answers.shift() ?? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
      if (answer === 'hang') {
        hung.push(() => response.destroy());
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/alerts') => `http://127.0.0.1:${port}${path}`,
    received,
    script: (...next) => answers.push(...next),
    onRequest: (listener) => listeners.push(listener),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return received;
    },
    async close() {
      for (const end of hung.splice(0)) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
