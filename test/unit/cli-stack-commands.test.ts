import { describe, expect, it } from 'vitest';
import type { DeployedStack } from '../../cli/deployed-stack';
import { runCli } from '../../cli/rapport';

/** A deployed stack kept in memory: what the CLI asked of AWS is recorded. */
function fakeStack(
  queues: Record<string, Array<{ body: string; attributes?: Record<string, string> }>> = {},
) {
  const calls = {
    secrets: new Map<string, string>([
      ['arn:secret:shopify', 'SET-ME'],
      ['arn:secret:stripe', 'whsec_live'],
    ]),
    invoked: [] as Array<{ functionArn: string; payload: unknown }>,
    deleted: [] as string[],
    users: [] as Array<{ userPoolId: string; email: string; group: string }>,
  };
  const waiting = Object.fromEntries(
    Object.entries(queues).map(([url, messages]) => [
      url,
      messages.map((message, index) => ({
        receiptHandle: `${url}#${index}`,
        body: message.body,
        attributes: message.attributes ?? {},
      })),
    ]),
  );
  const stack: DeployedStack = {
    outputs: async () => ({
      ApiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/',
      shopifyWebhookUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/webhooks/shopify',
      SHOPIFYWEBHOOKSECRETArn: 'arn:secret:shopify',
      STRIPEWEBHOOKSECRETArn: 'arn:secret:stripe',
      UserPoolId: 'us-east-1_pool',
    }),
    deadLetterQueues: async () =>
      Object.keys(queues).map((url) => ({ logicalId: url.split('/').at(-1) ?? url, url })),
    queueDepth: async (url) => waiting[url]?.length ?? 0,
    // Like SQS: a received message is hidden for a while, so a second receive does not return it.
    receive: async (url) => waiting[url]?.splice(0, 10) ?? [],
    deleteMessage: async (_url, handle) => {
      calls.deleted.push(handle);
    },
    invokeAsync: async (functionArn, payload) => {
      calls.invoked.push({ functionArn, payload });
    },
    secretIsSet: async (arn) => (calls.secrets.get(arn) ?? 'SET-ME') !== 'SET-ME',
    putSecret: async (arn, value) => {
      calls.secrets.set(arn, value);
    },
    lastStoredWebhook: async (channel) =>
      channel === 'stripe' ? new Date('2026-11-24T09:55:00Z') : undefined,
    alarmsInAlarm: async () => [{ name: 'Rapport-notifydlqNotEmpty-1', reason: 'Threshold Crossed' }],
    addUser: async (userPoolId, email, group) => {
      calls.users.push({ userPoolId, email, group });
    },
  };
  return { stack, calls };
}

async function cli(args: string[], stack: DeployedStack, stdin = '') {
  let output = '';
  const code = await runCli(
    args,
    '/nonexistent',
    {},
    () => stdin,
    (text) => {
      output += text;
    },
    () => stack,
  );
  return { code, output };
}

describe('the operator CLI against a deployed stack (--stack)', () => {
  it('prints the webhook URLs, the API and health from the stack outputs', async () => {
    const { stack } = fakeStack();
    const { code, output } = await cli(['urls', '--stack', 'Rapport'], stack);
    expect(code).toBe(0);
    expect(output).toContain('shopify      https://abc.execute-api.us-east-1.amazonaws.com/webhooks/shopify');
    expect(output).toContain('api          https://abc.execute-api.us-east-1.amazonaws.com/api');
  });

  it('puts a channel’s secrets into the secrets the outputs name, refusing another channel’s', async () => {
    const { stack, calls } = fakeStack();
    const set = await cli(
      ['secrets', 'set', 'shopify', '--stack', 'Rapport'],
      stack,
      'SHOPIFY_WEBHOOK_SECRET=hush\n',
    );
    const foreign = await cli(
      ['secrets', 'set', 'shopify', '--stack', 'Rapport'],
      stack,
      'STRIPE_WEBHOOK_SECRET=x\n',
    );
    expect(set.code).toBe(0);
    expect(set.output).not.toContain('hush');
    expect(calls.secrets.get('arn:secret:shopify')).toBe('hush');
    expect(foreign.code).toBe(64);
    expect(calls.secrets.get('arn:secret:stripe')).toBe('whsec_live');
  });

  it('reports configured channels, dead letters waiting and alarms in ALARM', async () => {
    const { stack } = fakeStack({ 'https://sqs/Routes-notify-dlq': [{ body: '{}' }, { body: '{}' }] });
    const { code, output } = await cli(['status', '--stack', 'Rapport'], stack);
    expect(code).toBe(2);
    expect(output).toMatch(/shopify\s+not configured/);
    expect(output).toMatch(/stripe\s+configured\s+last stored: 2026-11-24T09:55:00.000Z/);
    expect(output).toMatch(/shopify\s+not configured\s+last stored: none in 14 days/);
    expect(output).toContain('Routes-notify-dlq: 2');
    expect(output).toContain('Rapport-notifydlqNotEmpty-1: Threshold Crossed');
  });

  it('redrives Lambda failure records and EventBridge dead letters to their function, leaving stream-batch pointers', async () => {
    const event = { 'detail-type': 'order.placed', detail: { id: 'e1' } };
    const { stack, calls } = fakeStack({
      'https://sqs/notify-dlq': [
        {
          body: JSON.stringify({
            requestContext: { functionArn: 'arn:aws:lambda:us-east-1:1:function:notify:$LATEST' },
            requestPayload: event,
          }),
        },
        {
          body: JSON.stringify(event),
          attributes: { TARGET_ARN: 'arn:aws:lambda:us-east-1:1:function:score' },
        },
      ],
      'https://sqs/relay-dlq': [{ body: JSON.stringify({ DDBStreamBatchInfo: { shardId: 's' } }) }],
    });
    const { code, output } = await cli(['redrive', '--stack', 'Rapport'], stack);
    expect(calls.invoked).toEqual([
      { functionArn: 'arn:aws:lambda:us-east-1:1:function:notify:$LATEST', payload: event },
      { functionArn: 'arn:aws:lambda:us-east-1:1:function:score', payload: event },
    ]);
    expect(calls.deleted).toEqual(['https://sqs/notify-dlq#0', 'https://sqs/notify-dlq#1']);
    expect(output).toContain('redriven 2; left in place 1');
    expect(code).toBe(2);
  });

  it('adds a user to the stack’s pool in the group of their role, and refuses another role', async () => {
    const { stack, calls } = fakeStack();
    const added = await cli(
      ['users', 'add', 'mia@shop.example', '--role', 'viewer', '--stack', 'Rapport'],
      stack,
    );
    const wrong = await cli(
      ['users', 'add', 'mia@shop.example', '--role', 'owner', '--stack', 'Rapport'],
      stack,
    );
    expect(added.code).toBe(0);
    expect(calls.users).toEqual([
      { userPoolId: 'us-east-1_pool', email: 'mia@shop.example', group: 'viewer' },
    ]);
    expect(wrong.code).toBe(64);
  });
});
