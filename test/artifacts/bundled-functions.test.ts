import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, DynamoDBBatchResponse, EventBridgeEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHttpGateway } from '../../infra/local/http-gateway';
import { type StreamPoller, startStreamPoller } from '../../infra/local/stream-poller';
import { channelNames } from '../../shared/channels/channel-names';
import { boundVariables, type FunctionName, functionBindings } from '../../shared/config/function-bindings';
import { type CanonicalEvent, eventSource, parseCanonicalEvent } from '../../shared/events/contracts';
import { type EventTarget, eventTargetFunctions, routingTable } from '../../shared/events/routing-table';
import type { StoredConversation, StoredMessage } from '../../shared/outbound/conversation';
import { ConversationRepository, messageTime } from '../../shared/outbound/conversation-repository';
import { customerProfileKey } from '../../shared/store/keys';
import { type PlatformRequest, platformRequests, sendPlatformRequest } from '../helpers/channel-traffic';
import { demoScenario } from '../helpers/demo-scenario';
import { startTelegramStandIn } from '../helpers/stand-ins/telegram-stand-in';
import { type AwsStandIns, startAwsStandIns } from './aws-stand-ins';
import {
  type InvokeOutcome,
  type RunningFunction,
  runtimeEnvironment,
  startBundledFunction,
} from './bundled-function';
import {
  account,
  type DeployedFunction,
  type Deployment,
  isAllowed,
  loadDeployment,
  region,
} from './deployment';

// The platform secrets, as an operator would put them into Secrets Manager.
const secretValues = Object.fromEntries(
  readFileSync('.env.example', 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const apiToken = 'artifact-test-token';
const viewerToken = 'artifact-viewer-token';

let deployment: Deployment;
let standIns: AwsStandIns;
let gateway: Server;
let gatewayUrl: string;
let poller: StreamPoller;
let table: DynamoDBDocumentClient;
const running = new Map<string, Promise<RunningFunction>>();

const deployed = (name: FunctionName): DeployedFunction => {
  const fn = deployment.functions.find((candidate) => candidate.name === name);
  if (!fn) throw new Error(`No function ${name} in the template`);
  return fn;
};
const endpoints = () => ({
  dynamodb: inject('dynamoEndpoint'),
  secretsManager: standIns.endpoint,
  eventBridge: standIns.endpoint,
  lambda: standIns.endpoint,
  sesv2: standIns.endpoint,
  sns: standIns.endpoint,
  sqs: standIns.endpoint,
});
/** The running bundle of a function, started on first use (a cold start). */
const bundle = (name: FunctionName): Promise<RunningFunction> => {
  const fn = deployed(name);
  let started = running.get(fn.logicalId);
  if (!started) {
    started = startBundledFunction(fn, endpoints());
    running.set(fn.logicalId, started);
  }
  return started;
};
const coldStart = async (name: FunctionName) => {
  await (await running.get(deployed(name).logicalId))?.stop();
  running.delete(deployed(name).logicalId);
  return bundle(name);
};
const invoke = async (name: FunctionName, event: unknown): Promise<InvokeOutcome> =>
  (await bundle(name)).invoke(event);

async function tableItems(type: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.send(
      new ScanCommand({
        TableName: deployment.tableName,
        FilterExpression: '#type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': type },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const api = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${apiToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
};

/** A request with every signature taken away: signature headers, and WeChat's query signatures. */
function unsigned(request: PlatformRequest): PlatformRequest {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => !/signature|hmac|secret-token/i.test(name)),
  );
  const path = request.path.replace(/([?&])(msg_)?signature=[^&]*/g, '$1x=');
  return { ...request, headers, path };
}

beforeAll(async () => {
  // Prepare: the template's own table on DynamoDB Local, stand-ins for the other services, and
  // every secret the stack creates holding the operator's value.
  deployment = loadDeployment(inject('cdkOut'), `rapport-artifacts-${Date.now()}`);
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const created = await client.send(new CreateTableCommand(deployment.createTable()));
  table = DynamoDBDocumentClient.from(client);
  standIns = await startAwsStandIns(deployment.grants, async (name, payload) => {
    const fn = deployment.functions.find((candidate) => candidate.logicalId === name);
    if (!fn) return { kind: 'error', errorType: 'ResourceNotFoundException', errorMessage: name };
    return invoke(fn.name, payload);
  });
  // Every secret as the deployment creates it (the placeholder), then the operator's values.
  for (const [id, arn] of deployment.secretArns) {
    const created = deployment.template.Resources[id].Properties.SecretString;
    if (typeof created === 'string') standIns.secrets.set(arn, created);
  }
  for (const fn of deployment.functions) {
    for (const [variable, arn] of Object.entries(fn.environment)) {
      const setting = variable.replace(/_ARN$/, '');
      if (variable.endsWith('_ARN') && secretValues[setting])
        standIns.secrets.set(arn, secretValues[setting]);
    }
  }
  gateway = await startHttpGateway({
    port: 0,
    apiToken,
    viewerToken,
    invoke: async (name, event) => {
      const outcome = await invoke(name, event);
      // API Gateway's answer when the integration fails.
      if (outcome.kind === 'error') return { statusCode: 500, body: '{"message":"Internal Server Error"}' };
      return outcome.result as APIGatewayProxyStructuredResultV2;
    },
  });
  const address = gateway.address();
  gatewayUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  poller = startStreamPoller({
    endpoint: inject('dynamoEndpoint'),
    streamArn: created.TableDescription?.LatestStreamArn as string,
    relay: async (event) => {
      const outcome = await invoke('relay-events', event);
      if (outcome.kind === 'error') throw new Error(`${outcome.errorType}: ${outcome.errorMessage}`);
      return outcome.result as DynamoDBBatchResponse;
    },
    deadLetterFile: '/dev/null',
    pollIntervalMs: 50,
  });
});

afterAll(async () => {
  await poller?.stop();
  await Promise.all([...running.values()].map(async (started) => (await started).stop()));
  await standIns?.stop();
  if (gateway) await new Promise((resolve) => gateway.close(resolve));
});

describe('every bundled function, run as deployed', () => {
  it('imports every asset on Node 24 from outside the project, and finds the handler the template names', async () => {
    expect(deployment.functions.length).toBe(Object.keys(functionBindings).length);
    for (const fn of deployment.functions) {
      expect(fn.runtime, fn.name).toBe('nodejs24.x');
      expect(fn.assetDir.startsWith(process.cwd()), fn.name).toBe(false);
      const started = await bundle(fn.name);
      expect(started.node.split('.')[0], fn.name).toBe('24');
      expect(started.exports, fn.name).toContain(fn.handler.split('.')[1]);
    }
  });

  it('sets on every function each variable its binding declares', () => {
    for (const fn of deployment.functions) {
      const expected = boundVariables(functionBindings[fn.name]).sort();
      const set = Object.keys(fn.environment)
        .filter((name) => name !== 'NODE_OPTIONS')
        .sort();
      expect(set, fn.name).toEqual(expected);
    }
  });
});

describe('each receiver, with its secrets in Secrets Manager', () => {
  it.each(channelNames)(
    '%s answers its signed platform traffic as npm start does, and stores it',
    async (channel) => {
      // Prepare
      const steps = demoScenario(secretValues, deployment.apiEndpoint, new Date()).filter((step) =>
        step.path.startsWith(`/webhooks/${channel}`),
      );
      expect(steps.length).toBeGreaterThan(0);
      const timelineBefore = (await tableItems('timeline')).length;

      // Act
      const answers = [];
      for (const step of steps) {
        const { status } = await sendPlatformRequest(gatewayUrl, step);
        answers.push({ label: step.label, status, expect: step.expect });
      }

      // Assess
      expect(answers.filter((answer) => answer.status !== answer.expect)).toEqual([]);
      const stored = (await tableItems('timeline')).filter(
        (item) => (item.event as CanonicalEvent).channel === channel,
      );
      expect(stored.length).toBeGreaterThan(0);
      expect((await tableItems('timeline')).length).toBeGreaterThan(timelineBefore);
      // One count per webhook in Embedded Metric Format, by channel and outcome.
      expect((await bundle(`receive-${channel}`)).output()).toContain(
        `"channel":"${channel}","outcome":"stored","Webhooks":1`,
      );
    },
  );

  it.each(channelNames)('%s refuses its traffic without a signature with 401', async (channel) => {
    const step = demoScenario(secretValues, deployment.apiEndpoint, new Date()).find(
      (candidate) =>
        candidate.path.startsWith(`/webhooks/${channel}`) &&
        candidate.method === 'POST' &&
        candidate.expect === 200 &&
        !candidate.label.includes('ping'),
    ) as PlatformRequest;
    const { status, body } = await sendPlatformRequest(gatewayUrl, unsigned(step));
    expect(status, body).toBe(401);
  });

  it('answers the Meta, WeChat and X handshakes', async () => {
    const steps = demoScenario(secretValues, deployment.apiEndpoint, new Date()).filter(
      (step) => step.method === 'GET',
    );
    expect(steps.map((step) => step.path.split('?')[0]).sort()).toEqual([
      '/webhooks/meta',
      '/webhooks/wechat',
      '/webhooks/x',
    ]);
    for (const step of steps) {
      const { status, body } = await sendPlatformRequest(gatewayUrl, step);
      expect(status, step.label).toBe(200);
      expect(body.length, step.label).toBeGreaterThan(0);
    }
  });

  it('reads only the secrets its role is granted, each receiver its own channel’s', async () => {
    const reads = standIns.calls.filter((call) => call.action === 'secretsmanager:GetSecretValue');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((call) => !call.allowed)).toEqual([]);
    for (const channel of channelNames) {
      const fn = deployed(`receive-${channel}`);
      const bound = Object.entries(fn.environment)
        .filter(([name]) => name.endsWith('_ARN'))
        .map(([, arn]) => arn)
        .sort();
      const read = [
        ...new Set(reads.filter((call) => call.caller === fn.logicalId).map((call) => call.resource)),
      ];
      expect(read.sort(), channel).toEqual(bound);
    }
  });
});

describe('the event path, as the stream and the bus deliver', () => {
  it('relays each new timeline item from the table stream as one PutEvents entry on the rapport bus', async () => {
    // Act
    await poller.drain();

    // Assess
    const timeline = (await tableItems('timeline')).map((item) => item.event as CanonicalEvent);
    const published = standIns.putEvents.map((entry) => ({
      ...entry,
      detail: parseCanonicalEvent(JSON.parse(entry.Detail)),
    }));
    expect(published.every((entry) => entry.EventBusName === 'rapport' && entry.Source === eventSource)).toBe(
      true,
    );
    expect(published.every((entry) => entry.caller === deployed('relay-events').logicalId)).toBe(true);
    for (const event of timeline) {
      const copies = published.filter((entry) => entry.detail.id === event.id);
      expect(copies, event.id).toHaveLength(1);
      expect(copies[0]?.DetailType).toBe(event.type);
    }
  });

  it('retries a record it cannot decode, then dead-letters its keys to the relay-unpublishable queue within its grants', async () => {
    // Prepare: a timeline item whose event breaks its contract, as a stream record just written
    // and as one written an hour ago (past the retry window).
    const broken = (sequence: string, writtenSecondsAgo: number) => ({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        Keys: { pk: { S: 'CUSTOMER#artifact-broken' }, sk: { S: `EVENT#${sequence}` } },
        NewImage: {
          pk: { S: 'CUSTOMER#artifact-broken' },
          sk: { S: `EVENT#${sequence}` },
          type: { S: 'timeline' },
          event: { M: { type: { S: 'order.placed' }, id: { S: `broken-${sequence}` } } },
        },
        SequenceNumber: sequence,
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000) - writtenSecondsAgo,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    const queueUrl = deployed('relay-events').environment.UNPUBLISHABLE_RECORDS_QUEUE_URL as string;

    // Act
    const young = await invoke('relay-events', { Records: [broken('900001', 5)] });
    const old = await invoke('relay-events', { Records: [broken('900002', 3600)] });

    // Assess
    expect(young).toEqual({ kind: 'result', result: { batchItemFailures: [{ itemIdentifier: '900001' }] } });
    expect(old).toEqual({ kind: 'result', result: { batchItemFailures: [] } });
    const letters = standIns.queued.filter((message) => message.queueUrl === queueUrl);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.caller).toBe(deployed('relay-events').logicalId);
    expect(JSON.parse(letters[0]?.body ?? '{}')).toMatchObject({
      sequenceNumber: '900002',
      eventName: 'INSERT',
      keys: { pk: 'CUSTOMER#artifact-broken', sk: 'EVENT#900002' },
    });
    expect(queueUrl).toContain('relayunpublishable');
    expect(
      standIns.calls.filter((call) => call.action === 'sqs:SendMessage').every((call) => call.allowed),
    ).toBe(true);
  });

  it('scores, notifies and runs campaigns from EventBridge events as the rule targets deliver them', async () => {
    // Prepare
    await poller.drain();
    const events: Array<EventBridgeEvent<string, unknown>> = standIns.putEvents.map((entry, index) => ({
      version: '0',
      id: `artifact-${index}`,
      'detail-type': entry.DetailType,
      source: entry.Source,
      account,
      time: new Date().toISOString(),
      region,
      resources: [],
      detail: JSON.parse(entry.Detail),
    }));

    // Act
    const failures = [];
    for (const event of events) {
      for (const [target, types] of Object.entries(routingTable)) {
        if (!(types as ReadonlyArray<string>).includes(event['detail-type'])) continue;
        const outcome = await invoke(eventTargetFunctions[target as EventTarget], event);
        if (outcome.kind === 'error') failures.push({ target, type: event['detail-type'], outcome });
      }
    }

    // Assess
    expect(failures).toEqual([]);
    const { status, body } = await api(
      'GET',
      `/api/customers?identity=${encodeURIComponent('phone:+14155550123')}`,
    );
    expect(status).toBe(200);
    const [ana] = body.items as Array<{
      stats: { orders: number; messages: number };
      lifecycleStage: string;
    }>;
    expect(ana?.stats.orders).toBe(1);
    expect(ana?.stats.messages).toBeGreaterThanOrEqual(2);
    expect(ana?.lifecycleStage).toBe('buyer');
  });

  it('alerts as deployed: email through SES v2 and SNS within the role’s grants, a name resolving to loopback refused at send time, all in the alert log', async () => {
    // Prepare: through the deployed API, three destinations and the big-order template.
    const email = await api('POST', '/api/destinations', {
      type: 'email',
      name: 'Team',
      to: ['team@shop.example'],
      locale: 'zh',
    });
    const topicArn = `arn:aws:sns:${region}:${account}:rapport-alerts`;
    const sns = await api('POST', '/api/destinations', { type: 'sns', name: 'Topic', topicArn });
    const loopbackHttp = await api('POST', '/api/destinations', {
      type: 'webhook',
      name: 'Local',
      url: 'http://127.0.0.1:9/hook',
    });
    const rebound = await api('POST', '/api/destinations', {
      type: 'webhook',
      name: 'Rebound',
      url: 'https://localhost:9/hook',
    });
    const rule = await api('POST', '/api/alert-templates/big_order', {
      destinations: [email.body.id, sns.body.id, rebound.body.id],
      amount: 100,
    });
    const { body: found } = await api(
      'GET',
      `/api/customers?identity=${encodeURIComponent('phone:+14155550123')}`,
    );
    const customerId = (found.items as Array<{ id: string }>)[0]?.id as string;
    const order = {
      id: 'shopify:order:artifact-alert:placed',
      type: 'order.placed',
      version: 1,
      occurredAt: new Date().toISOString(),
      customerId,
      channel: 'shopify',
      order: {
        id: 'artifact-alert',
        platform: 'shopify',
        status: 'placed',
        total: { amount: 25_000, currency: 'USD' },
      },
    };

    // Act: EventBridge delivers the order to notify, and again (a retry).
    const event = {
      version: '0',
      id: 'artifact-alert',
      'detail-type': 'order.placed',
      source: 'rapport',
      account,
      time: order.occurredAt,
      region,
      resources: [],
      detail: order,
    };
    const first = await invoke('notify-marketers', event);
    const again = await invoke('notify-marketers', event);
    const tested = await api('POST', `/api/destinations/${sns.body.id}/test`);
    const swept = await invoke('send-held-alerts', {});

    // Assess
    expect(loopbackHttp.status).toBe(400);
    expect(rule.status).toBe(201);
    // The refused destination fails the invocation, so Lambda retries and then dead-letters it.
    expect(first).toMatchObject({ kind: 'error', errorType: 'AlertsNotDeliveredError' });
    expect(again).toMatchObject({ kind: 'error', errorType: 'AlertsNotDeliveredError' });
    const notify = deployed('notify-marketers').logicalId;
    expect(standIns.emails.filter((mail) => mail.caller === notify)).toEqual([
      expect.objectContaining({ from: 'alerts@shop.example', to: ['team@shop.example'] }),
    ]);
    expect(standIns.emails[0]?.raw).toContain('X-Rapport-Delivery:');
    const published = standIns.published.filter((entry) => entry.caller === notify);
    expect(published).toHaveLength(1);
    expect(JSON.parse(published[0]?.message ?? '{}')).toMatchObject({
      rule: { id: rule.body.id },
      event: { id: order.id },
    });
    expect(tested).toMatchObject({ status: 200, body: { delivered: true } });
    expect(standIns.published.at(-1)?.caller).toBe(deployed('serve-api').logicalId);
    expect(
      standIns.calls
        .filter((call) => call.action === 'sns:Publish' || call.action === 'ses:SendEmail')
        .every((call) => call.allowed),
    ).toBe(true);
    const log = await api('GET', '/api/alerts');
    const byDestination = new Map(
      (log.body.items as Array<{ destinationId: string; status: string; lastError?: string }>).map((item) => [
        item.destinationId,
        item,
      ]),
    );
    expect(byDestination.get(email.body.id as string)?.status).toBe('sent');
    expect(byDestination.get(sns.body.id as string)?.status).toBe('sent');
    expect(byDestination.get(rebound.body.id as string)).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('RefusedDestinationError'),
    });
    expect(swept).toMatchObject({ kind: 'result', result: { alerts: { failed: 0 } } });
    // Per destination type, in Embedded Metric Format: sent, failed and the latency.
    const emitted = (await bundle('notify-marketers')).output();
    expect(emitted).toContain('"destinationType":"email","outcome":"sent","Alerts":1');
    expect(emitted).toContain('"destinationType":"webhook","outcome":"failed","Alerts":1');
    expect(emitted).toMatch(/"destinationType":"sns","AlertLatency":\d+/);
  });

  it('enrols a campaign’s audience as the scheduler invokes the job, and run-campaigns delivers a treatment member to SNS within its grants, once', async () => {
    // Arrange: a campaign on the traffic's buyers, sent to an SNS topic.
    const topic = await api('POST', '/api/destinations', {
      type: 'sns',
      name: 'Campaign topic',
      topicArn: `arn:aws:sns:${region}:${account}:campaigns`,
    });
    const campaign = await api('POST', '/api/campaigns', {
      name: 'Second order',
      audience: { if: [{ path: 'customer.stats.orders', op: 'gte', value: 1 }] },
      holdoutPercent: 1,
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      goal: { on: 'order.placed', withinDays: 14 },
      destinations: [topic.body.id],
    });

    // Act
    const enrolled = await invoke('enrol-campaign-audiences', {});
    const members = await api('GET', `/api/campaigns/${campaign.body.id}/members?group=treatment`);
    const [member] = members.body.items as Array<{ customerId: string; enrolledAt: string }>;
    if (!member) throw new Error('nobody enrolled in the treatment group');
    const detail = {
      id: `campaign:${campaign.body.id}:${member.customerId}`,
      type: 'campaign.enrolled',
      version: 1,
      occurredAt: member.enrolledAt,
      customerId: member.customerId,
      channel: 'rapport',
      campaign: { id: campaign.body.id, name: 'Second order' },
      group: 'treatment',
    };
    const enrolment = {
      version: '0',
      id: 'artifact-campaign',
      'detail-type': 'campaign.enrolled',
      source: 'rapport',
      account,
      time: member.enrolledAt,
      region,
      resources: [],
      detail,
    };
    const publishedBefore = standIns.published.length;
    const notified = await invoke('notify-marketers', enrolment);
    const delivered = await invoke('run-campaigns', enrolment);
    // EventBridge delivers the event again.
    const redelivered = await invoke('run-campaigns', enrolment);

    // Assess
    expect(campaign.status).toBe(201);
    expect(enrolled).toMatchObject({ kind: 'result', result: { campaigns: 1 } });
    expect((enrolled as { result: { enrolled: number } }).result.enrolled).toBeGreaterThan(0);
    expect(notified).toMatchObject({ kind: 'result', result: { kind: 'no_rules' } });
    expect(delivered).toMatchObject({
      kind: 'result',
      result: { kind: 'treated', deliveries: { [topic.body.id as string]: 'sent' } },
    });
    expect(redelivered).toMatchObject({
      kind: 'result',
      result: { kind: 'treated', deliveries: { [topic.body.id as string]: 'delivered_before' } },
    });
    const published = standIns.published.slice(publishedBefore);
    expect(published).toHaveLength(1);
    expect(published[0]?.caller).toBe(deployed('run-campaigns').logicalId);
    expect(JSON.parse(published[0]?.message ?? '{}')).toMatchObject({
      rule: { id: `campaign-${campaign.body.id}`, name: 'Second order' },
      customer: { id: member.customerId },
    });
    expect(
      standIns.calls
        .filter(
          (call) => call.action === 'sns:Publish' && call.caller === deployed('run-campaigns').logicalId,
        )
        .every((call) => call.allowed),
    ).toBe(true);
  });

  it('sweeps abandoned checkouts when the scheduler invokes the function', async () => {
    const outcome = await invoke('detect-abandoned-checkouts', {});
    expect(outcome.kind).toBe('result');
  });

  it('refreshes scores daily and fits the customer model weekly when the scheduler invokes them', async () => {
    // Act
    const refreshed = await invoke('refresh-scores', {});
    const fitted = await invoke('fit-customer-model', {});

    // Assess: the traffic's buyers were read from the segment index; too few to fit a model yet.
    expect(refreshed).toMatchObject({
      kind: 'result',
      result: { buyers: expect.any(Number), due: expect.any(Number) },
    });
    expect((refreshed as { result: { buyers: number } }).result.buyers).toBeGreaterThan(0);
    expect(fitted).toMatchObject({ kind: 'result', result: { kind: 'not_enough_buyers' } });
  });
});

describe('the marketer API, behind the JWT authorizer', () => {
  it('answers a request carrying the authorizer’s JWT claims', async () => {
    const { status, body } = await api('GET', '/api/customers?identity=shopify%3A6000001');
    expect(status).toBe(200);
    expect((body.items as unknown[]).length).toBe(1);
  });

  it('lets the viewer group read and not change anything, with the claims the authorizer hands over', async () => {
    const asViewer = (method: string, path: string, body?: unknown) =>
      fetch(`${gatewayUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${viewerToken}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const read = await asViewer('GET', '/api/customers?identity=shopify%3A6000001');
    const change = await asViewer('PUT', '/api/settings/scoring', {});
    expect(read.status).toBe(200);
    expect(change.status).toBe(403);
    expect(await change.json()).toMatchObject({ error: 'forbidden' });
  });

  it('merges two customers linked on the bus (merge-customers) and by hand, and splits them back, in the deployed API', async () => {
    // Prepare: four customers the traffic created, none merged.
    await poller.drain();
    const profiles = (await tableItems('customer'))
      .filter((item) => !item.mergedInto && !item.members)
      .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    const [a, b, c, d] = profiles.map((item) => item.id as string);
    expect(d).toBeDefined();
    const linked = {
      version: '0',
      id: 'artifact-link',
      'detail-type': 'customer.linked',
      source: eventSource,
      account,
      time: new Date().toISOString(),
      region,
      resources: [],
      detail: {
        id: `customer.linked:${a}:${b}`,
        type: 'customer.linked',
        version: 1,
        occurredAt: new Date().toISOString(),
        customerId: b,
        channel: 'twilio',
        linkedId: a,
        linkedBy: { kind: 'phone', value: '+14155550999' },
      },
    };

    // Act
    const outcome = await invoke('merge-customers', linked);
    const manual = await api('POST', '/api/customers/merge', { survivorId: c, mergedId: d });
    const viaMerged = await api('GET', `/api/customers/${b}`);
    const split = await api('POST', `/api/customers/${c}/unmerge`, { mergedId: d });
    const afterSplit = await api('GET', `/api/customers/${d}`);

    // Assess
    expect(outcome).toMatchObject({ kind: 'result', result: { kind: 'merged', mergedId: b } });
    expect(manual.status).toBe(200);
    expect(manual.body.merges).toEqual([
      expect.objectContaining({ customerId: d, reason: 'manual', by: expect.any(String) }),
    ]);
    expect(viaMerged.status).toBe(200);
    expect(viaMerged.body.id).toBe(a);
    expect(split.status).toBe(200);
    expect(afterSplit.body).toMatchObject({ id: d, merges: [] });
    const audit = await api('GET', '/api/audit');
    expect((audit.body.items as Array<{ action: string }>).map((item) => item.action)).toEqual(
      expect.arrayContaining(['customer.merged', 'customer.unmerged']),
    );
  });

  it('replays a quarantined payload through Lambda Invoke of its receiver', async () => {
    // Prepare: a signed Shopify order whose total cannot be read is quarantined.
    const build = platformRequests(secretValues, deployment.apiEndpoint);
    const bad = build.shopify(
      'unreadable order',
      'orders/create',
      Buffer.from(JSON.stringify({ id: 91, total_price: 'not money', currency: 'USD', line_items: [] })),
    );
    const quarantined = await sendPlatformRequest(gatewayUrl, bad);
    expect(quarantined.status).toBe(202);
    const { id } = JSON.parse(quarantined.body) as { id: string };

    // Act
    const replay = await api('POST', `/api/quarantine/${id}/replay`);

    // Assess: the receiver read it again (still unreadable) and the API says so.
    expect(replay.status).toBe(422);
    expect(replay.body.error).toBe('still_invalid');
    const invokes = standIns.calls.filter((call) => call.action === 'lambda:InvokeFunction');
    expect(invokes.at(-1)).toMatchObject({
      caller: deployed('serve-api').logicalId,
      resource: expect.stringContaining(deployed('receive-shopify').logicalId),
      allowed: true,
    });
  });

  it('reports a replay that throws as a failed replay and keeps the payload quarantined', async () => {
    // Prepare: a quarantined payload, then the receiver cold-starts while its secret is unreadable.
    const build = platformRequests(secretValues, deployment.apiEndpoint);
    const bad = build.shopify(
      'another unreadable order',
      'orders/create',
      Buffer.from(
        JSON.stringify({ id: 92, total_price: 'still not money', currency: 'USD', line_items: [] }),
      ),
    );
    const { id } = JSON.parse((await sendPlatformRequest(gatewayUrl, bad)).body) as { id: string };
    const shopifySecret = deployed('receive-shopify').environment.SHOPIFY_WEBHOOK_SECRET_ARN as string;
    standIns.unreadable.add(shopifySecret);
    const receiver = await coldStart('receive-shopify');

    try {
      // Act
      const replay = await api('POST', `/api/quarantine/${id}/replay`);
      const delivery = await sendPlatformRequest(gatewayUrl, bad);

      // Assess
      expect(replay.status).toBe(502);
      expect(replay.body).toMatchObject({ error: 'replay_failed', errorType: 'SecretUnavailableError' });
      const [item] = (await tableItems('quarantine')).filter((candidate) => candidate.id === id);
      expect(item?.replayedAt).toBeUndefined();
      // The same broken secret on a platform delivery: a 503 the platform retries, and a metric.
      expect(delivery.status).toBe(503);
      expect(JSON.parse(delivery.body).error).toBe('secret_unavailable');
      expect(receiver.output()).toContain('"SecretUnavailable":1');
    } finally {
      standIns.unreadable.delete(shopifySecret);
    }
  });
});

describe('settings', () => {
  it('every variable a function’s code read is one the template sets, or one Lambda itself provides', async () => {
    // POWERTOOLS_*: Powertools' own optional settings (service name, log level, dev mode), unset.
    const lambdaProvided = (name: string) =>
      /^(AWS_|_X_AMZN_|LAMBDA_|POWERTOOLS_)/.test(name) ||
      ['TZ', '_HANDLER', 'LANG', 'PATH', 'NODE_OPTIONS'].includes(name);
    // Read by Node itself (module loading, coverage) and by bundled libraries, never Rapport
    // settings: the AWS SDK looks for the home folder (~/.aws/config), a logger for colour support,
    // Node's TLS for whether to check certificates (on an alert's https request), Powertools the
    // optional ENVIRONMENT label it adds to log lines, the X-Ray SDK under Powertools Tracer its
    // debug switches and the package name and version it reports.
    const readByNodeOrLibraries = new Set([
      'DEBUG_CLS_HOOKED',
      'NODE_DEBUG',
      'npm_package_name',
      'npm_package_version',
      'ENVIRONMENT',
      'NODE_TLS_REJECT_UNAUTHORIZED',
      'WATCH_REPORT_DEPENDENCIES',
      'NODE_V8_COVERAGE',
      'FORCE_COLOR',
      'HOME',
      'USERPROFILE',
      'HOMEPATH',
      'HOMEDRIVE',
    ]);
    const unexpected: Record<string, string[]> = {};
    for (const fn of deployment.functions) {
      const started = await bundle(fn.name);
      const reads = await started.environmentReads();
      const notSet = reads.filter(
        (name) =>
          !(name in fn.environment) &&
          !lambdaProvided(name) &&
          !readByNodeOrLibraries.has(name) &&
          !(name in runtimeEnvironment(fn, endpoints())),
      );
      if (notSet.length) unexpected[fn.name] = notSet;
    }
    expect(unexpected).toEqual({});
  });
});

describe('sending a reply, as the relay and the send rule deliver it', () => {
  const conversations = () => new ConversationRepository(table, deployment.tableName);

  /** A Telegram conversation of a new customer, and a reply queued in it as the API queues one. */
  async function queuedReply(chatId: string, text: string) {
    const ownerId = ulid();
    const now = new Date();
    await table.send(
      new PutCommand({
        TableName: deployment.tableName,
        Item: { ...customerProfileKey(ownerId), type: 'customer', id: ownerId, createdAt: now.toISOString() },
      }),
    );
    const conversationId = await conversations().recordInbound({
      ownerId,
      platform: 'telegram',
      address: chatId,
      channel: 'telegram',
      id: `artifact-${ownerId}`,
      at: new Date(now.getTime() - 60_000).toISOString(),
      text: 'Where is my order?',
    });
    const conversation = (await conversations().get(conversationId)) as StoredConversation;
    const id = ulid(now.getTime());
    const message: StoredMessage = {
      id,
      conversationId,
      direction: 'out',
      at: messageTime(id),
      text,
      status: 'queued',
      by: 'agent-artifact',
    };
    await conversations().post(conversation, message);
    return { ownerId, conversationId, message };
  }

  /** The `message.queued` the relay published from the message item's insert, as the send rule delivers it. */
  async function queuedEvent(messageId: string): Promise<EventBridgeEvent<string, unknown>> {
    await poller.drain();
    const entries = standIns.putEvents.filter(
      (entry) =>
        entry.DetailType === 'message.queued' &&
        (JSON.parse(entry.Detail) as { message: { id: string } }).message.id === messageId,
    );
    expect(entries).toHaveLength(1);
    const [entry] = entries as [(typeof entries)[number]];
    expect(entry.caller).toBe(deployed('relay-events').logicalId);
    expect(routingTable.send).toEqual(['message.queued']);
    return {
      version: '0',
      id: `artifact-${messageId}`,
      'detail-type': entry.DetailType,
      source: entry.Source,
      account,
      time: new Date().toISOString(),
      region,
      resources: [],
      detail: JSON.parse(entry.Detail),
    };
  }

  const sentTimelineItems = async (ownerId: string) =>
    (await tableItems('timeline')).filter(
      (item) =>
        item.pk === customerProfileKey(ownerId).pk && (item.event as CanonicalEvent).type === 'message.sent',
    );

  it('fails a Telegram reply with "Telegram is not configured" while the bot token secret holds the placeholder, and counts it as ours', async () => {
    // Prepare: the deployment as created, TELEGRAM_BOT_TOKEN not yet set by the operator.
    const send = deployed('send-messages');
    const tokenArn = send.environment.TELEGRAM_BOT_TOKEN_ARN as string;
    expect(standIns.secrets.get(tokenArn)).toBe('SET-ME');
    const { ownerId, conversationId, message } = await queuedReply('123456789', 'It shipped today');
    const event = await queuedEvent(message.id);

    // Act: EventBridge delivers it, and again (a retry).
    const outcome = await invoke('send-messages', event);
    const again = await invoke('send-messages', event);

    // Assess
    expect(outcome).toMatchObject({
      kind: 'result',
      result: {
        kind: 'failed',
        code: 'not_configured',
        reason: 'Telegram is not configured: set TELEGRAM_BOT_TOKEN',
      },
    });
    expect(again).toMatchObject({ kind: 'result', result: { kind: 'ignored' } });
    expect(await conversations().getMessage(conversationId, message.id)).toMatchObject({
      status: 'failed',
      errorCode: 'not_configured',
      error: expect.stringMatching(/^Telegram is not configured/),
    });
    expect(await sentTimelineItems(ownerId)).toEqual([]);
    expect((await bundle('send-messages')).output()).toContain('"platform":"telegram","MessageFailedOurs":1');
    const reads = standIns.calls.filter(
      (call) => call.caller === send.logicalId && call.action === 'secretsmanager:GetSecretValue',
    );
    expect(reads.map((call) => call.resource)).toContain(tokenArn);
    expect(reads.every((call) => call.allowed)).toBe(true);
  });

  it('sends a queued Telegram reply with the bot token from Secrets Manager: the platform gets sendMessage, the message ends sent with message.sent on the timeline', async () => {
    // Prepare: the operator has put the bot token in its secret; the Bot API is a local stand-in
    // (TELEGRAM_API_URL, and plain http to loopback, are the two variables changed from the template).
    const botToken = '7000000001:AAartifact-test-token';
    const telegram = await startTelegramStandIn({ botToken });
    const template = deployed('send-messages');
    const tokenArn = template.environment.TELEGRAM_BOT_TOKEN_ARN as string;
    standIns.secrets.set(tokenArn, botToken);
    const sender = await startBundledFunction(
      {
        ...template,
        environment: {
          ...template.environment,
          TELEGRAM_API_URL: telegram.url,
          ALLOW_LOOPBACK_DESTINATIONS: 'true',
        },
      },
      endpoints(),
    );
    try {
      const { ownerId, conversationId, message } = await queuedReply('123456789', 'It shipped today');
      const event = await queuedEvent(message.id);

      // Act
      const outcome = await sender.invoke(event);
      const again = await sender.invoke(event);

      // Assess
      expect(outcome).toMatchObject({ kind: 'result', result: { kind: 'sent', attempts: 1 } });
      expect(again).toMatchObject({ kind: 'result', result: { kind: 'ignored' } });
      expect(telegram.requests).toHaveLength(1);
      expect(telegram.requests[0]?.path).toBe(`/bot${botToken}/sendMessage`);
      expect(JSON.parse(telegram.requests[0]?.body ?? '{}')).toEqual({
        chat_id: 123456789,
        text: 'It shipped today',
      });
      const stored = await conversations().getMessage(conversationId, message.id);
      expect(stored).toMatchObject({ status: 'sent', platformMessageId: expect.any(String) });
      const timeline = await sentTimelineItems(ownerId);
      expect(timeline).toHaveLength(1);
      expect(timeline[0]?.event).toMatchObject({
        type: 'message.sent',
        customerId: ownerId,
        message: { id: message.id, platform: 'telegram', text: 'It shipped today', by: 'agent-artifact' },
      });
      expect(
        standIns.calls.filter((call) => call.caller === template.logicalId).every((call) => call.allowed),
      ).toBe(true);
    } finally {
      await sender.stop();
      await telegram.close();
      standIns.secrets.set(tokenArn, 'SET-ME');
    }
  });

  it('sends an email reply through SES v2 from MESSAGE_EMAIL_FROM, within the role’s grant on that identity, with the template environment as it is', async () => {
    // Prepare: an email conversation a person opened, and a reply queued in it.
    const template = deployed('send-messages');
    expect(template.environment.MESSAGE_EMAIL_FROM).toBe('Shop <care@shop.example>');
    const ownerId = ulid();
    const conversation = await conversations().open({
      ownerId,
      platform: 'email',
      address: 'ana@example.com',
      channel: 'email',
      at: new Date().toISOString(),
    });
    const id = ulid();
    await conversations().post(conversation, {
      id,
      conversationId: conversation.id,
      direction: 'out',
      at: messageTime(id),
      text: 'Your parcel left today.',
      status: 'queued',
      by: 'agent-artifact',
    });
    const event = await queuedEvent(id);
    const emailsBefore = standIns.emails.length;

    // Act
    const outcome = await invoke('send-messages', event);

    // Assess
    expect(outcome).toMatchObject({ kind: 'result', result: { kind: 'sent' } });
    const sent = standIns.emails.slice(emailsBefore);
    expect(sent).toEqual([
      expect.objectContaining({
        caller: template.logicalId,
        from: 'Shop <care@shop.example>',
        to: ['ana@example.com'],
      }),
    ]);
    expect(sent[0]?.raw).toContain(`X-Rapport-Message: ${id}`);
    expect(sent[0]?.raw).toContain('Your parcel left today.');
    const sesCalls = standIns.calls.filter(
      (call) => call.caller === template.logicalId && call.action === 'ses:SendEmail',
    );
    expect(sesCalls).toEqual([
      expect.objectContaining({
        resource: `arn:aws:ses:${region}:${account}:identity/care@shop.example`,
        allowed: true,
      }),
    ]);
    // The role may not send as anyone else.
    expect(
      isAllowed(
        deployment.grants.get(template.logicalId) ?? [],
        'ses:SendEmail',
        `arn:aws:ses:${region}:${account}:identity/alerts@other.example`,
      ),
    ).toBe(false);
    expect(await conversations().getMessage(conversation.id, id)).toMatchObject({ status: 'sent' });
    expect(await sentTimelineItems(ownerId)).toHaveLength(1);
  });
});
