import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request a stand-in received and found well formed, as the platform would have taken it. */
export interface RecordedRequest {
  method: string;
  /** The path with its query string, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as sent. */
  body: string;
}

/** An answer a test scripts for the next well-formed request, in the platform's own shape. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body: unknown;
}

/** What a platform's checks decided about one request. */
export type StandInVerdict =
  | { kind: 'refused'; answer: ScriptedAnswer }
  | { kind: 'accepted'; answer: ScriptedAnswer };

/** A running stand-in: its base URL, what it accepted, and the controls tests use. */
export interface StandIn {
  url: string;
  /** Every well-formed request, in order (also those answered with a scripted error or left hanging). */
  requests: RecordedRequest[];
  /** Answers the next well-formed request with this answer, or leaves it without an answer (`'hang'`). */
  failNext(answer: ScriptedAnswer | 'hang'): void;
  close(): Promise<void>;
}

function write(response: ServerResponse, answer: ScriptedAnswer): void {
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
    ...answer.headers,
  });
  response.end(body);
}

/**
 * An HTTP server on 127.0.0.1 (port 0) that hands each request to a platform's `check`, which
 * answers as the platform does: a refusal in its error shape, or its success. A well-formed request
 * is recorded and may instead get the next scripted answer, or none at all (to test a lost answer).
 *
 * @example
 * const standIn = await startScriptedStandIn('/v23.0', (request) => ({ kind: 'accepted', answer: { status: 200, body: {} } }));
 */
export async function startScriptedStandIn(
  basePath: string,
  check: (request: RecordedRequest) => StandInVerdict,
): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const script: Array<ScriptedAnswer | 'hang'> = [];
  const sockets = new Set<Socket>();
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: RecordedRequest = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const verdict = check(request);
      if (verdict.kind === 'refused') return write(response, verdict.answer);
      requests.push(request);
      const scripted = script.shift();
      if (scripted === 'hang') return;
      write(response, scripted ?? verdict.answer);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    failNext(answer) {
      script.push(answer);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
