import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { scoreCustomer } from '../../functions/score-customer/score-customer';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { invokeAs } from '../../infra/local/invocation-context';
import { startLocalHost } from '../../infra/local/local-host';
import { channelRegistry } from '../../shared/channels/channel-registry';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { TimelineRepository } from '../../shared/customers/timeline-repository';
import { OrderRepository } from '../../shared/orders/order-repository';
import { fitBgNbd, fitGammaGamma } from '../../shared/scoring/clv';
import { cachedScoringState } from '../../shared/scoring/scoring-state';
import { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { startAlertReceiver } from '../helpers/alert-receiver';
import { simulateCustomerBase } from '../helpers/customer-base-simulation';
import { hostileBodies, hostileDeliveryFor } from '../helpers/hostile-bodies';
import { testChannelSecrets } from '../helpers/receiver-deps';
import { shopifyHeaders, shopifyOrderFor, shopifyTestSecret } from '../helpers/shopify-requests';
import { whatsappText } from '../helpers/signed-requests';
import { startMetaGraphStandIn } from '../helpers/stand-ins/meta-graph-stand-in';
import { measureEnrolment } from './campaign-bench';
import { benchCampaignSend } from './campaign-send-bench';
import { coldStarts } from './cold-starts';
import { measureDashboard } from './dashboard-bench';
import { meterDynamo } from './dynamo-meter';
import { measureParetoNbdFit } from './pareto-bench';
import { benchReplies } from './reply-bench';

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const orders = Number(process.env.BENCH_ORDERS ?? 400);
const receiver = 'receive-shopify';

const markPaid = (order: Record<string, unknown>) => {
  order.financial_status = 'paid';
  order.updated_at = '2008-01-11T11:00:00-05:00';
};

async function inParallel<T>(count: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main() {
  process.env.SHOPIFY_WEBHOOK_SECRET = shopifyTestSecret;
  process.env.META_APP_SECRET = 'bench-meta-secret';
  process.env.META_VERIFY_TOKEN = 'bench-verify-token';
  // As deployed by default: application logs at info (swallowed below, and counted).
  process.env.LOG_LEVEL = 'info';
  // Replies go to a stand-in for the WhatsApp Cloud API (the senders' base URL is a setting).
  const graph = await startMetaGraphStandIn({
    whatsAppAccessToken: 'bench-whatsapp-token',
    phoneNumberId: '277321005464405',
    pageAccessToken: 'bench-page-token',
  });
  process.env.META_GRAPH_URL = `${graph.url}/v23.0`;
  process.env.WHATSAPP_ACCESS_TOKEN = 'bench-whatsapp-token';
  process.env.WHATSAPP_PHONE_NUMBER_ID = '277321005464405';
  const host = await startLocalHost({ port: 0, scratchDir: mkdtempSync(join(tmpdir(), 'rapport-bench-')) });
  const meter = meterDynamo(documentClient());
  const lines: string[] = [];
  const print = (name: string, value: string | number) => lines.push(`${name}: ${value}`);
  // Quiet the handlers' JSON logs and metric lines while measuring.
  const write = process.stdout.write.bind(process.stdout);
  let loggedBytes = 0;
  // Every record the relay could not decode, retried or dead-lettered, over the whole run: its
  // `UnpublishableRecord` metric line or its retry warning.
  let unpublishableLines = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    loggedBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (
      text.includes('"UnpublishableRecord"') ||
      text.includes('does not match its event contract; retrying')
    )
      unpublishableLines += 1;
    return true;
  }) as typeof process.stdout.write;
  try {
    const post = async (body: Buffer, topic: string) => {
      const started = performance.now();
      const response = await fetch(`${host.url}/webhooks/shopify`, {
        method: 'POST',
        headers: shopifyHeaders(topic, body),
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      return performance.now() - started;
    };

    // Warm up the handlers (module load, connections), then measure.
    await post(shopifyOrderFor(1, 1), 'orders/create');
    await host.settle();
    meter.reset();

    // 1. New orders from new customers, through the gateway.
    const bodies = Array.from({ length: orders }, (_, index) =>
      shopifyOrderFor(100_000 + index, 100_000 + index),
    );
    const started = performance.now();
    const latencies = await inParallel(orders, (index) => post(bodies[index] as Buffer, 'orders/create'));
    const seconds = (performance.now() - started) / 1000;
    const newOrder = { requests: meter.requests[receiver] ?? 0, writes: meter.writeUnits[receiver] ?? 0 };
    await host.settle();
    const scoring = { requests: meter.requests.score ?? 0, writes: meter.writeUnits.score ?? 0 };
    latencies.sort((a, b) => a - b);
    print('orders_per_second_through_gateway', (orders / seconds).toFixed(1));
    print('ack_latency_p50_ms', percentile(latencies, 50).toFixed(1));
    print('ack_latency_p99_ms', percentile(latencies, 99).toFixed(1));

    // 2. Raw PutItem on the same DynamoDB Local at the same concurrency.
    const raw = new DynamoDBClient({
      endpoint: host.dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const filler = 'x'.repeat(600);
    const rawStarted = performance.now();
    await inParallel(orders, (index) =>
      raw.send(
        new PutItemCommand({
          TableName: 'rapport',
          Item: {
            pk: { S: `BENCH#${index}` },
            sk: { S: 'BENCH' },
            type: { S: 'bench' },
            data: { S: filler },
          },
        }),
      ),
    );
    print(
      'raw_putitem_per_second_same_dynamodb_local',
      (orders / ((performance.now() - rawStarted) / 1000)).toFixed(1),
    );
    raw.destroy();
    await host.settle();

    // 3. Per-webhook cost, from ReturnConsumedCapacity.
    print('dynamodb_requests_per_new_order_new_customer', (newOrder.requests / orders).toFixed(2));
    print('write_units_per_new_order_new_customer', (newOrder.writes / orders).toFixed(2));
    print('score_write_units_per_new_order', (scoring.writes / orders).toFixed(2));

    meter.reset();
    const knownCount = Math.min(100, orders);
    await inParallel(knownCount, (index) =>
      post(shopifyOrderFor(200_000 + index, 100_000 + index), 'orders/create'),
    );
    print(
      'dynamodb_requests_per_new_order_known_customer',
      ((meter.requests[receiver] ?? 0) / knownCount).toFixed(2),
    );
    print(
      'write_units_per_new_order_known_customer',
      ((meter.writeUnits[receiver] ?? 0) / knownCount).toFixed(2),
    );
    await host.settle();

    meter.reset();
    await inParallel(knownCount, (index) =>
      post(shopifyOrderFor(200_000 + index, 100_000 + index, markPaid), 'orders/paid'),
    );
    print('dynamodb_requests_per_order_update', ((meter.requests[receiver] ?? 0) / knownCount).toFixed(2));
    print('write_units_per_order_update', ((meter.writeUnits[receiver] ?? 0) / knownCount).toFixed(2));
    await host.settle();

    meter.reset();
    await inParallel(knownCount, (index) =>
      post(shopifyOrderFor(200_000 + index, 100_000 + index, markPaid), 'orders/paid'),
    );
    print(
      'dynamodb_requests_per_duplicate_delivery',
      ((meter.requests[receiver] ?? 0) / knownCount).toFixed(2),
    );
    print('write_units_per_duplicate_delivery', ((meter.writeUnits[receiver] ?? 0) / knownCount).toFixed(2));

    // 4. Messages (WhatsApp Cloud API) from known customers, through the gateway.
    const metaSecret = 'bench-meta-secret';
    const postMessage = async (waId: string, id: string) => {
      const body = Buffer.from(JSON.stringify(whatsappText(waId, id, 'Thanks, the order arrived!')));
      const signature = createHmac('sha256', metaSecret).update(body).digest('hex');
      const started = performance.now();
      const response = await fetch(`${host.url}/webhooks/meta`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`meta webhook answered ${response.status}`);
      return performance.now() - started;
    };
    const senders = Math.min(100, orders);
    await inParallel(senders, (index) =>
      postMessage(`1415555${String(index).padStart(4, '0')}`, `wamid.warm.${index}`),
    );
    await host.settle();
    meter.reset();
    const loggedBefore = loggedBytes;
    const messageStarted = performance.now();
    const messageLatencies = await inParallel(orders, (index) =>
      postMessage(`1415555${String(index % senders).padStart(4, '0')}`, `wamid.bench.${index}`),
    );
    const messageSeconds = (performance.now() - messageStarted) / 1000;
    const messageCost = {
      requests: meter.requests['receive-meta'] ?? 0,
      writes: meter.writeUnits['receive-meta'] ?? 0,
    };
    await host.settle();
    // Application log lines and metric lines of every function a message runs through (Lambda's own
    // START/END/REPORT lines are off by default in the stack).
    print('log_bytes_per_message_known_customer', ((loggedBytes - loggedBefore) / orders).toFixed(0));
    messageLatencies.sort((a, b) => a - b);
    print('messages_per_second_through_gateway', (orders / messageSeconds).toFixed(1));
    print('message_ack_latency_p50_ms', percentile(messageLatencies, 50).toFixed(1));
    print('message_ack_latency_p99_ms', percentile(messageLatencies, 99).toFixed(1));
    print('dynamodb_requests_per_message_known_customer', (messageCost.requests / orders).toFixed(2));
    print('write_units_per_message_known_customer', (messageCost.writes / orders).toFixed(2));
    print(
      'score_write_units_per_message_known_customer',
      ((meter.writeUnits.score ?? 0) / orders).toFixed(2),
    );

    // 4b. Merges: two customers with timelines of n messages each, merged by hand through the API
    // (the same write as an automatic merge), the merged timeline's first page read, and the split back.
    const callApi = async (method: string, path: string, payload?: unknown) => {
      const started = performance.now();
      const response = await fetch(`${host.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${host.apiToken}`,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
        ...(payload ? { body: JSON.stringify(payload) } : {}),
      });
      const body = (await response.json()) as Record<string, unknown>;
      if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}`);
      return { body, ms: performance.now() - started };
    };
    for (const size of [10, 100, 1000]) {
      const [waA, waB] = [1, 2].map((side) => `1415557${String(size + side).padStart(4, '0')}`) as [
        string,
        string,
      ];
      for (const waId of [waA, waB]) {
        // In batches, letting scoring catch up: this measures merges, not DynamoDB Local under a storm.
        for (let start = 0; start < size; start += 100) {
          await inParallel(Math.min(100, size - start), (index) =>
            postMessage(waId, `wamid.merge.${waId}.${start + index}`),
          );
          await host.settle();
        }
      }
      await host.settle();
      const [a, b] = await Promise.all(
        [waA, waB].map(
          async (waId) =>
            (
              (await callApi('GET', `/api/customers?identity=whatsapp:${waId}`)).body.items as Array<{
                id: string;
              }>
            )[0]?.id as string,
        ),
      );
      meter.reset();
      const merge = await callApi('POST', '/api/customers/merge', { survivorId: a, mergedId: b });
      print(`merge_write_units_timeline_${size}`, (meter.writeUnits['serve-api'] ?? 0).toFixed(1));
      print(`merge_latency_ms_timeline_${size}`, merge.ms.toFixed(1));
      meter.reset();
      const page = await callApi('GET', `/api/customers/${b}/timeline?limit=25`);
      print(`merged_timeline_first_page_ms_timeline_${size}`, page.ms.toFixed(1));
      print(
        `merged_timeline_first_page_read_units_timeline_${size}`,
        (meter.readUnits['serve-api'] ?? 0).toFixed(1),
      );
      meter.reset();
      const split = await callApi('POST', `/api/customers/${a}/unmerge`, { mergedId: b });
      print(`unmerge_write_units_timeline_${size}`, (meter.writeUnits['serve-api'] ?? 0).toFixed(1));
      print(`unmerge_latency_ms_timeline_${size}`, split.ms.toFixed(1));
      await host.settle();
    }

    // 4c. Scoring one event, called directly on the host's table: the reads, writes and latency of
    // one rescoring of a customer with two orders (after an order event).
    const benchTable = process.env.TABLE_NAME ?? 'rapport';
    const scoreDeps = {
      customers: new CustomerRepository(documentClient(), benchTable, 'USD'),
      groups: new CustomerGroupRepository(documentClient(), benchTable),
      orders: new OrderRepository(documentClient(), benchTable),
      timeline: new TimelineRepository(documentClient(), benchTable),
      state: cachedScoringState(new ScoringStateRepository(documentClient(), benchTable), 'USD'),
      baseCurrency: 'USD',
      log: { debug() {}, info() {}, warn() {}, error() {} },
      now: () => new Date(),
    };
    const scoredIds: string[] = [];
    for (let index = 0; index < 50; index += 1) {
      const answer = await fetch(`${host.url}/api/customers?identity=shopify:${100_000 + index}`, {
        headers: { authorization: `Bearer ${host.apiToken}` },
      });
      const id = ((await answer.json()) as { items: Array<{ id: string }> }).items[0]?.id;
      if (id) scoredIds.push(id);
    }
    meter.reset();
    const scoreLatencies: number[] = [];
    for (const customerId of scoredIds) {
      const started = performance.now();
      await invokeAs('score-bench', () =>
        scoreCustomer(scoreDeps, { type: 'time', id: `bench:${customerId}`, customerId }),
      );
      scoreLatencies.push(performance.now() - started);
    }
    scoreLatencies.sort((a, b) => a - b);
    print('score_one_event_latency_p50_ms', percentile(scoreLatencies, 50).toFixed(1));
    print('score_one_event_latency_p99_ms', percentile(scoreLatencies, 99).toFixed(1));
    print(
      'score_one_event_dynamodb_requests',
      ((meter.requests['score-bench'] ?? 0) / scoredIds.length).toFixed(2),
    );
    print(
      'score_one_event_read_units',
      ((meter.readUnits['score-bench'] ?? 0) / scoredIds.length).toFixed(2),
    );
    print(
      'score_one_event_write_units',
      ((meter.writeUnits['score-bench'] ?? 0) / scoredIds.length).toFixed(2),
    );

    // 5. A stuck DynamoDB: frozen (SIGSTOP) while webhooks arrive; every answer must come, as a
    // 5xx the platform retries, well inside the platforms' 5-second deadline.
    await host.settle();
    host.dynamo.freeze();
    const frozen = await (async () => {
      try {
        return await inParallel(40, async (index) => {
          const body = shopifyOrderFor(900_000 + index, 900_000 + index);
          const startedAt = performance.now();
          const response = await fetch(`${host.url}/webhooks/shopify`, {
            method: 'POST',
            headers: shopifyHeaders('orders/create', body),
            body,
          });
          await response.arrayBuffer();
          return { ms: performance.now() - startedAt, status: response.status };
        });
      } finally {
        host.dynamo.thaw();
      }
    })();
    const frozenMs = frozen.map((answer) => answer.ms).sort((a, b) => a - b);
    print('frozen_dynamodb_answer_p50_ms', percentile(frozenMs, 50).toFixed(1));
    print('frozen_dynamodb_answer_p99_ms', percentile(frozenMs, 99).toFixed(1));
    print(
      'frozen_dynamodb_answers_5xx_share',
      (frozen.filter((answer) => answer.status >= 500).length / frozen.length).toFixed(2),
    );
    await host.settle();

    // 9. Webhook-to-alert latency: a signed order posted, a signed webhook alert received by a
    // local receiver (every order matches the rule; no throttle), `concurrency` at a time.
    const alertReceiver = await startAlertReceiver();
    try {
      const call = async (path: string, body: unknown) => {
        const response = await fetch(`${host.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${host.apiToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return (await response.json()) as { id: string };
      };
      const hook = await call('/api/destinations', {
        type: 'webhook',
        name: 'bench',
        url: alertReceiver.url(),
        secret: 'whsec_bench',
      });
      await call('/api/alert-rules', {
        name: 'Every order',
        on: 'order.placed',
        destinations: [hook.id],
      });
      const received = new Map<string, number>();
      alertReceiver.onRequest((request) => {
        const orderId = JSON.parse(request.body).event?.order?.id as string | undefined;
        if (orderId) received.set(orderId, request.at);
      });
      // One order at a time (a shop's normal pace), then `concurrency` at a time (a burst).
      const measure = async (label: string, count: number, parallel: number, firstOrder: number) => {
        meter.reset();
        const postedAt = new Map<string, number>();
        const expected = received.size + count;
        const runs = Array.from({ length: parallel }, async (_, lane) => {
          for (let index = lane; index < count; index += parallel) {
            const orderId = firstOrder + index;
            postedAt.set(String(orderId), Date.now());
            await post(shopifyOrderFor(orderId, orderId), 'orders/create');
            if (parallel === 1) await alertReceiver.waitFor(expected - count + index + 1, 30_000);
          }
        });
        await Promise.all(runs);
        await alertReceiver.waitFor(expected, 60_000);
        await host.settle();
        const latencies = [...postedAt.entries()]
          .map(([orderId, at]) => (received.get(orderId) ?? Number.NaN) - at)
          .sort((a, b) => a - b);
        print(`webhook_to_alert_latency_${label}_p50_ms`, percentile(latencies, 50).toFixed(1));
        print(`webhook_to_alert_latency_${label}_p99_ms`, percentile(latencies, 99).toFixed(1));
        print(
          `notify_dynamodb_requests_per_alert_${label}`,
          ((meter.requests.notify ?? 0) / count).toFixed(2),
        );
        print(`notify_write_units_per_alert_${label}`, ((meter.writeUnits.notify ?? 0) / count).toFixed(2));
      };
      await measure('one_at_a_time', 100, 1, 300_000);
      await measure(`${concurrency}_at_a_time`, 200, concurrency, 400_000);
      print('alerts_received', received.size);
    } finally {
      await alertReceiver.close();
    }

    // 6. Verifier time on 1 MiB hostile bodies (the slowest body per channel), signature wrong.
    for (const [channel, adapter] of Object.entries(channelRegistry)) {
      let slowest = 0;
      for (const body of Object.values(hostileBodies)) {
        const request = hostileDeliveryFor(channel, body, new Date());
        const startedAt = performance.now();
        adapter.verify(request, testChannelSecrets, {
          now: new Date(),
          publicBaseUrl: 'https://crm.example.com',
        });
        slowest = Math.max(slowest, performance.now() - startedAt);
      }
      print(`verify_ms_1mib_hostile_${channel}`, slowest.toFixed(1));
    }

    // 8. Model fits (BG/NBD + Gamma-Gamma) on simulated customer bases, in days.
    for (const customers of [10_000, 100_000]) {
      const rows = simulateCustomerBase(
        customers,
        { r: 0.25, alpha: 28, a: 0.8, b: 2.5 },
        { p: 6, q: 4, gamma: 1500 },
        11,
        { min: 180, max: 540 },
        1,
      );
      const started = performance.now();
      fitBgNbd(rows);
      fitGammaGamma(rows);
      print(`fit_ms_${customers}_customers`, (performance.now() - started).toFixed(0));
    }

    // 9. The dashboard in Chromium: the first page's JavaScript, and opening a customer who wrote
    // and ordered (one of the message senders above).
    const [sender] = (
      (await (
        await fetch(`${host.url}/api/customers?identity=whatsapp:14155550000`, {
          headers: { authorization: `Bearer ${host.apiToken}` },
        })
      ).json()) as { items: Array<{ id: string }> }
    ).items;
    if (!sender) throw new Error('no message sender to open in the dashboard');
    const dashboard = await measureDashboard(host.url, host.apiToken, sender.id, 10);
    dashboard.customerPageInAppMs.sort((a, b) => a - b);
    dashboard.customerPageColdMs.sort((a, b) => a - b);
    print('dashboard_first_page_js_gzip_kb', dashboard.firstPageJsGzipKb.toFixed(1));
    print('dashboard_customer_page_in_app_p50_ms', percentile(dashboard.customerPageInAppMs, 50).toFixed(0));
    print('dashboard_customer_page_in_app_max_ms', Math.max(...dashboard.customerPageInAppMs).toFixed(0));
    print(
      'dashboard_customer_page_fresh_load_p50_ms',
      percentile(dashboard.customerPageColdMs, 50).toFixed(0),
    );
    print('dashboard_customer_page_fresh_load_max_ms', Math.max(...dashboard.customerPageColdMs).toFixed(0));

    // 10. Campaign enrolment over 100,000 buyers of a segment (the index path; set
    // BENCH_ENROL_CUSTOMERS for another size), and a condition audience (the scan path) over 5,000:
    // DynamoDB Local's scan pages grow slower as the table grows, which DynamoDB's do not. Each on
    // a fresh DynamoDB Local: the host's, full of the sections above, is many times slower.
    for (const [audience, customers] of [
      ['segment', Number(process.env.BENCH_ENROL_CUSTOMERS ?? 100_000)],
      ['conditions', 5_000],
    ] as const) {
      const fresh = await startDynamoDbLocal({});
      const enrolment = await measureEnrolment(fresh.endpoint, customers, audience).finally(() =>
        fresh.stop(),
      );
      const name = `campaign_${audience}_${customers}`;
      print(`${name}_enrolled`, enrolment.enrolled);
      print(`${name}_enrolled_per_second`, (enrolment.enrolled / enrolment.seconds).toFixed(1));
      print(`${name}_seconds`, enrolment.seconds.toFixed(0));
      print(`${name}_dynamodb_requests_per_enrolled`, enrolment.requestsPerEnrolled.toFixed(2));
      print(`${name}_read_units_per_enrolled`, enrolment.readUnitsPerEnrolled.toFixed(2));
      print(`${name}_write_units_per_enrolled`, enrolment.writeUnitsPerEnrolled.toFixed(2));
    }

    // 7. Bundles, built exactly as the CDK stack builds them, and their cold starts: the median of
    // 7 fresh processes importing each, against a bare handler that only imports the DynamoDB client.
    for (const cold of await coldStarts(7)) {
      const name = cold.name.replaceAll('-', '_');
      print(`bundle_kb_${name}`, (cold.bytes / 1024).toFixed(1));
      print(`cold_start_import_ms_${name}`, cold.medianImportMs.toFixed(1));
      print(`cold_start_ratio_${name}`, cold.ratio.toFixed(2));
    }
    // 8. Pareto/NBD's fit, the default purchase model, beside BG/NBD's above (in-process, simulated).
    for (const customers of [10_000, 100_000])
      print(
        `fit_ms_pareto_nbd_${customers}_customers`,
        measureParetoNbdFit(customers).milliseconds.toFixed(0),
      );
    // 9. Replies to customers (issue 22): accepted, sent to the platform, statuses applied.
    const replyCount = Number(process.env.BENCH_REPLIES ?? 200);
    const replyFigures = await benchReplies(host, meter, graph, metaSecret, replyCount);
    replyFigures.acceptedMs.sort((a, b) => a - b);
    replyFigures.toPlatformMs.sort((a, b) => a - b);
    print('replies', replyFigures.replies);
    print('reply_accepted_p50_ms', percentile(replyFigures.acceptedMs, 50).toFixed(1));
    print('reply_accepted_p99_ms', percentile(replyFigures.acceptedMs, 99).toFixed(1));
    print('reply_to_platform_request_p50_ms', percentile(replyFigures.toPlatformMs, 50).toFixed(1));
    print('reply_to_platform_request_p99_ms', percentile(replyFigures.toPlatformMs, 99).toFixed(1));
    print('dynamodb_requests_per_reply', replyFigures.requestsPerReply.toFixed(2));
    print('write_units_per_reply', replyFigures.writeUnitsPerReply.toFixed(2));
    print('dynamodb_requests_per_status_callback', replyFigures.requestsPerStatusCallback.toFixed(2));
    print('write_units_per_status_callback', replyFigures.writeUnitsPerStatusCallback.toFixed(2));
    print('reply_final_statuses', JSON.stringify(replyFigures.finalStatuses));
    // 10. A campaign messaging its treatment group (issue 23), at WhatsApp's pace.
    const send = await benchCampaignSend(host, meter, graph);
    print('campaign_send_treatment_members', send.treatment);
    print('campaign_send_members_messaged', send.messaged);
    print('campaign_send_members_per_second', send.membersPerSecond.toFixed(1));
    print('campaign_send_seconds', send.seconds.toFixed(1));
    print('campaign_send_dynamodb_requests_per_member', send.requestsPerMember.toFixed(2));
    print('campaign_send_write_units_per_member', send.writeUnitsPerMember.toFixed(2));
    print('campaign_send_peak_platform_requests_per_second', send.peakRequestsPerSecond);
    print('campaign_send_duplicate_recipients', send.duplicates);
    print('campaign_send_delivery', JSON.stringify(send.delivery ?? null));
    print('unpublishable_records', unpublishableLines);
  } finally {
    process.stdout.write = write;
    await host.stop();
    await graph.close();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
