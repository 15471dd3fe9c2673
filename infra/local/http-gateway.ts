import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { safeEqual } from '../../shared/channels/verify-hmac';
import { type HttpFunction, matchRoute } from '../../shared/http/routes';
import { apiGatewayEvent } from './api-gateway-event';
import { dashboardFile } from './dashboard-files';
import { invokeAs } from './invocation-context';
import { httpHandlers, lambdaContext } from './local-handlers';

/** API Gateway's own payload limit; bodies above it never reach a function. */
const gatewayBodyLimit = 10 * 1024 * 1024;

/**
 * The local HTTP gateway: routes requests by the shared route table to the same Lambda handlers
 * AWS runs, with API Gateway v2 events, and checks the marketer API's bearer token (the job of
 * the JWT authorizer in AWS).
 *
 * @example
 * const server = await startHttpGateway({ port: 3000, apiToken: 'secret' });
 */
export async function startHttpGateway(options: {
  port: number;
  host?: string;
  apiToken: string;
  /** A bearer token that signs in as a `viewer` (reads only); none when unset. */
  viewerToken?: string;
  /** A bearer token that signs in as an `agent` (reads, and answers customers); none when unset. */
  agentToken?: string;
  /** Runs a function (default: its handler in this process; the artifact tests run the bundle). */
  invoke?: FunctionInvoker;
  /** The built dashboard served at `/` (CloudFront's job in AWS); none when undefined. */
  dashboardDir?: string;
  /** Told each answer of a function (the local stand-in for the Rapport/Webhooks metric). */
  onAnswered?: (name: HttpFunction, statusCode: number) => void;
}): Promise<Server> {
  const inner = options.invoke ?? invokeInProcess;
  const invoke: FunctionInvoker = async (name, event) => {
    const result = await inner(name, event);
    options.onAnswered?.(name, result.statusCode ?? 200);
    return result;
  };
  const server = createServer((request, response) => {
    handle(
      request,
      response,
      { admin: options.apiToken, agent: options.agentToken, viewer: options.viewerToken },
      invoke,
      options.dashboardDir,
    ).catch((error: unknown) => {
      process.stderr.write(`gateway error: ${String(error)}\n`);
      if (!response.headersSent)
        send(response, { statusCode: 500, body: '{"message":"Internal Server Error"}' });
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return server;
}

/** Invokes one function of the HTTP API with its API Gateway event. */
export type FunctionInvoker = (
  name: HttpFunction,
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

const invokeInProcess: FunctionInvoker = async (name, event) => {
  const { handler } = await httpHandlers[name]();
  return (await invokeAs(name, () =>
    handler(event as never, lambdaContext(name) as never),
  )) as APIGatewayProxyStructuredResultV2;
};

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  tokens: Tokens,
  invoke: FunctionInvoker,
  dashboardDir: string | undefined,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const route = matchRoute(request.method ?? 'GET', path);
  if (!route && dashboardDir && (request.method === 'GET' || request.method === 'HEAD')) {
    const file = dashboardFile(dashboardDir, path);
    if (file) {
      response.writeHead(file.statusCode, file.headers);
      response.end(request.method === 'HEAD' ? undefined : file.body);
      return;
    }
  }
  const body = await readBody(request);
  if (body === 'too_large') {
    send(response, { statusCode: 413, body: '{"message":"Request Entity Too Large"}' });
    return;
  }
  if (!route) {
    send(response, { statusCode: 404, body: '{"message":"Not Found"}' });
    return;
  }
  const role = route.authorized ? roleOfToken(request, tokens) : undefined;
  if (route.authorized && !role) {
    send(response, {
      statusCode: 401,
      body: '{"error":"unauthorized","message":"Missing or wrong bearer token."}',
    });
    return;
  }
  const event = apiGatewayEvent(request, body, route);
  // What the HTTP API's JWT authorizer hands the function in AWS: the token's claims, with the
  // Cognito groups as API Gateway writes an array claim.
  if (role) {
    const claims = { sub: `local-${role}`, 'cognito:groups': `[${role}]` };
    event.requestContext = {
      ...event.requestContext,
      authorizer: { jwt: { claims, scopes: [] } },
    } as unknown as APIGatewayProxyEventV2['requestContext'];
  }
  send(response, await invoke(route.function, event));
}

/** The bearer tokens the gateway accepts, one per role. */
type Tokens = { admin: string; agent: string | undefined; viewer: string | undefined };

/**
 * The role a bearer token signs in as: the API token is an admin, the agent token an agent, the
 * viewer token a viewer.
 */
function roleOfToken(request: IncomingMessage, tokens: Tokens): 'admin' | 'agent' | 'viewer' | undefined {
  const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
  const token = match?.[1];
  if (!token) return undefined;
  if (safeEqual(tokens.admin, token)) return 'admin';
  if (tokens.agent && safeEqual(tokens.agent, token)) return 'agent';
  if (tokens.viewer && safeEqual(tokens.viewer, token)) return 'viewer';
  return undefined;
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= gatewayBodyLimit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > gatewayBodyLimit ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64')
    : Buffer.from(result.body ?? '');
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}
