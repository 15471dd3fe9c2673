import { createServer, type Server, type Socket } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { receiverHandler } from '../../shared/ingest/receiver-handler';
import { createDocumentClient } from '../../shared/store/dynamo-client';
import { receiverDepsFor, recordingLogger } from '../helpers/receiver-deps';
import { apiEvent, shopifyFixture, shopifyHeaders } from '../helpers/shopify-requests';

// An endpoint that accepts connections and never answers: a DynamoDB that is stuck.
let blackHole: Server;
let endpoint: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  blackHole = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  const address = blackHole.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => blackHole.close(resolve));
});

describe('a receiver whose DynamoDB never answers', () => {
  it('answers 500 within 4 seconds, so the platform retries inside its 5-second deadline', async () => {
    // Prepare
    const documentClient = createDocumentClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const log = recordingLogger();
    const handler = receiverHandler(
      shopifyChannel,
      receiverDepsFor({ documentClient, tableName: 'stuck' } as never, { log }),
    );
    const body = shopifyFixture('orders_create.json');
    const event = apiEvent('POST', '/webhooks/shopify', {
      headers: shopifyHeaders('orders/create', body),
      body,
    });

    // Act
    const started = Date.now();
    const answer = (await handler(event, {} as never)) as APIGatewayProxyStructuredResultV2;
    const elapsedMs = Date.now() - started;

    // Assess
    expect(answer.statusCode).toBe(500);
    expect(elapsedMs).toBeLessThan(4000);
    expect(elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(log.lines.some((line) => line.level === 'error')).toBe(true);
  });
});
