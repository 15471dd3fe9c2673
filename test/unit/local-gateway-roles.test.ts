import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpGateway } from '../../infra/local/http-gateway';

/**
 * The local gateway signs each bearer token in with its role, as the JWT authorizer hands the
 * Cognito groups over in AWS: the API token an admin, RAPPORT_AGENT_TOKEN an agent,
 * RAPPORT_VIEWER_TOKEN a viewer.
 */

let server: Server;
let url: string;

beforeAll(async () => {
  server = await startHttpGateway({
    port: 0,
    apiToken: 'admin-token',
    agentToken: 'agent-token',
    viewerToken: 'viewer-token',
    // The function echoes the claims it was handed.
    invoke: async (_name, event) => ({
      statusCode: 200,
      body: JSON.stringify(
        (event.requestContext as unknown as { authorizer: { jwt: { claims: unknown } } }).authorizer.jwt
          .claims,
      ),
    }),
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const me = (token: string) => fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } });

describe('the local gateway’s bearer tokens', () => {
  it.each([
    ['admin-token', 'admin'],
    ['agent-token', 'agent'],
    ['viewer-token', 'viewer'],
  ])('signs %s in as %s', async (token, role) => {
    const answer = await me(token);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ sub: `local-${role}`, 'cognito:groups': `[${role}]` });
  });

  it('refuses any other token with 401', async () => {
    expect((await me('agent-token-2')).status).toBe(401);
  });
});
