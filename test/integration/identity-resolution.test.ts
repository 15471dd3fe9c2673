import { afterEach, describe, expect, inject, it } from 'vitest';
import { serveApi } from '../../functions/serve-api/serve-api';
import { channelRegistry } from '../../shared/channels/channel-registry';
import type { Customer } from '../../shared/domain/customer';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { httpAnswerForError } from '../../shared/http/http-error';
import { linkCustomers } from '../../shared/identity/link-customers';
import { mergeCustomers } from '../../shared/identity/merge-customers';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { identityWorld } from '../helpers/identity-world';
import { personTraffic, telegramMessage } from '../helpers/person-traffic';
import { receiverDepsFor } from '../helpers/receiver-deps';
import { meteredTable } from '../helpers/round-trip-meter';
import { apiEvent } from '../helpers/shopify-requests';
import { createTestTable, identityOwner, partitionItems, type TestTable } from '../helpers/test-table';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function world(options: Parameters<typeof identityWorld>[1] = {}) {
  const table = await createTestTable(inject('dynamoEndpoint'));
  const running = identityWorld(table, options);
  stops.push(running.stop, () => table.client.destroy());
  const api = async (method: string, path: string, body?: unknown, query?: Record<string, string>) => {
    const event = apiEvent(method, path, {
      ...(query ? { query } : {}),
      ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
    });
    // What the JWT authorizer hands the function: the marketer's claims.
    Object.assign(event.requestContext, {
      authorizer: {
        jwt: {
          claims: { sub: 'marketer-1', email: 'mia@shop.example', 'cognito:groups': '[admin]' },
          scopes: [],
        },
      },
    });
    const response = await serveApi(running.api, event).catch(httpAnswerForError);
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };
  const receive = (channel: keyof typeof channelRegistry, request: Parameters<typeof receiveWebhook>[2]) =>
    receiveWebhook(running.receiver, channelRegistry[channel], request);
  const customerOf = async (identity: string) =>
    (await api('GET', '/api/customers', undefined, { identity })).body.items[0] as Customer | undefined;
  const timelineOf = async (customerId: string) => {
    const events: CanonicalEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await api('GET', `/api/customers/${customerId}/timeline`, undefined, {
        limit: '7',
        ...(cursor ? { cursor } : {}),
      });
      expect(page.status).toBe(200);
      events.push(...page.body.items);
      cursor = page.body.cursor ?? undefined;
    } while (cursor);
    return events;
  };
  return { ...running, table, api, receive, customerOf, timelineOf };
}

const ids = (customer: Customer | undefined) =>
  (customer?.identities ?? []).map((identity) => `${identity.kind}:${identity.value}`).sort();

describe('merging one person’s customers', () => {
  it('merges a Telegram customer into the WhatsApp and Shopify customer when it shares the same phone, with the evidence, and every id answers with the survivor', async () => {
    // Prepare: Ana writes on WhatsApp, orders on Shopify with the same phone, and writes on Telegram.
    const w = await world();
    const ana = personTraffic('+14155550101');
    expect((await w.receive('meta', ana.whatsapp('wamid.ana1', 'Hi, is the jacket in stock?'))).kind).toBe(
      'stored',
    );
    expect((await w.receive('shopify', ana.shopifyOrder(7101, 8101, 'ana@example.com'))).kind).toBe('stored');
    expect((await w.receive('telegram', telegramMessage(9101, 1, 'hello from telegram'))).kind).toBe(
      'stored',
    );
    await w.settle();
    const first = await w.customerOf('whatsapp:14155550101');
    const telegramOnly = await w.customerOf('telegram:9101');
    expect(first?.id).not.toBe(telegramOnly?.id);

    // Act: on Telegram she shares her phone number.
    await w.receive('telegram', telegramMessage(9101, 2, '', '+14155550101'));
    await w.settle();

    // Assess
    const survivor = await w.customerOf('telegram:9101');
    expect(survivor?.id).toBe(first?.id);
    expect(ids(survivor)).toEqual([
      'email:ana@example.com',
      'phone:+14155550101',
      'shopify:8101',
      'telegram:9101',
      'whatsapp:14155550101',
    ]);
    expect(survivor?.stats).toMatchObject({ orders: 1, messages: 3 });
    expect(survivor?.lifecycleStage).toBe('buyer');
    expect(survivor?.merges).toEqual([
      expect.objectContaining({
        customerId: telegramOnly?.id,
        reason: 'same_identity',
        linkedBy: 'phone:+14155550101',
        mergedInto: first?.id,
      }),
    ]);
    const merged = w.published.filter((event) => event.type === 'customer.merged');
    expect(merged).toEqual([
      expect.objectContaining({
        customerId: first?.id,
        mergedId: telegramOnly?.id,
        reason: 'same_identity',
        linkedBy: { kind: 'phone', value: '+14155550101' },
      }),
    ]);
    const viaMergedId = await w.api('GET', `/api/customers/${telegramOnly?.id}`);
    expect(viaMergedId.body.id).toBe(first?.id);
    const timeline = await w.timelineOf(telegramOnly?.id as string);
    expect(timeline.map((event) => event.type).sort()).toEqual([
      'customer.merged',
      'message.received',
      'message.received',
      'message.received',
      'order.placed',
    ]);
    expect(timeline.every((event) => event.customerId === first?.id)).toBe(true);
    const times = timeline.map((event) => event.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('does not merge two Shopify customers who share an email: it proposes them with the evidence; accepting merges them', async () => {
    // Prepare
    const w = await world();
    await w.receive('shopify', personTraffic('+14155550102').shopifyOrder(7201, 8201, 'pat@example.com'));
    await w.receive('shopify', personTraffic('+14155550103').shopifyOrder(7202, 8202, 'pat@example.com'));

    // Act
    await w.settle();
    const queue = await w.api('GET', '/api/duplicates');

    // Assess: two customers, one proposal saying why.
    const a = await w.customerOf('shopify:8201');
    const b = await w.customerOf('shopify:8202');
    expect(a?.id).not.toBe(b?.id);
    expect(queue.status).toBe(200);
    expect(queue.body.items).toHaveLength(1);
    const [proposal] = queue.body.items;
    expect(proposal).toMatchObject({
      reason: 'conflicting_identities',
      evidence: { linkedBy: 'email:pat@example.com' },
    });
    expect(proposal.evidence.conflicts).toEqual([expect.objectContaining({ kind: 'shopify' })]);
    expect(proposal.customers.map((customer: Customer) => customer.id).sort()).toEqual([a?.id, b?.id].sort());

    // Act: a person accepts.
    const accepted = await w.api('POST', `/api/duplicates/${proposal.id}/accept`);
    await w.settle();

    // Assess
    expect(accepted.status).toBe(200);
    expect(accepted.body.merges).toEqual([
      expect.objectContaining({
        reason: 'duplicate_accepted',
        linkedBy: 'email:pat@example.com',
        by: 'marketer-1 (mia@shop.example)',
      }),
    ]);
    expect((await w.customerOf('shopify:8202'))?.id).toBe(accepted.body.id);
    expect((await w.customerOf('shopify:8202'))?.stats.orders).toBe(2);
    expect((await w.api('GET', '/api/duplicates')).body.items).toEqual([]);
    const audit = await w.api('GET', '/api/audit');
    expect(audit.body.items.map((item: { action: string }) => item.action)).toContain('duplicate.accepted');
  });

  it('stops proposing a dismissed pair, even when a later link names them again', async () => {
    // Prepare
    const w = await world();
    await w.receive('shopify', personTraffic('+14155550104').shopifyOrder(7301, 8301, 'kim@example.com'));
    await w.receive('shopify', personTraffic('+14155550105').shopifyOrder(7302, 8302, 'kim@example.com'));
    await w.settle();
    const [proposal] = (await w.api('GET', '/api/duplicates')).body.items;

    // Act
    const dismissed = await w.api('POST', `/api/duplicates/${proposal.id}/dismiss`);
    const [a, b] = proposal.customers as Customer[];
    const again = await linkCustomers(w.link, {
      customerId: a?.id as string,
      linkedId: b?.id as string,
      linkedBy: { kind: 'email', value: 'kim@example.com' },
    });

    // Assess
    expect(dismissed.status).toBe(200);
    expect(again).toEqual({ kind: 'kept_apart' });
    expect((await w.api('GET', '/api/duplicates')).body.items).toEqual([]);
    expect((await w.customerOf('shopify:8301'))?.id).not.toBe((await w.customerOf('shopify:8302'))?.id);
  });

  it('never merges on a role address or a number on the operator’s list: it proposes them instead', async () => {
    // Prepare: three people who write by SMS.
    const w = await world({ sharedIdentities: [{ kind: 'phone', value: '+14155550199' }] });
    for (const [sid, phone] of [
      ['SM-r1', '+14155550106'],
      ['SM-r2', '+14155550107'],
      ['SM-r3', '+14155550108'],
    ] as const) {
      await w.receive('twilio', personTraffic(phone).sms(sid, 'hello'));
    }
    const [a, b, c] = await Promise.all(
      ['+14155550106', '+14155550107', '+14155550108'].map((phone) => identityOwner(w.table, 'phone', phone)),
    );

    // Act
    const role = await linkCustomers(w.link, {
      customerId: a as string,
      linkedId: b as string,
      linkedBy: { kind: 'email', value: 'sales@shop.example' },
    });
    const listed = await linkCustomers(w.link, {
      customerId: b as string,
      linkedId: c as string,
      linkedBy: { kind: 'phone', value: '+14155550199' },
    });

    // Assess
    expect(role).toMatchObject({ kind: 'proposed', reason: 'shared_identity' });
    expect(listed).toMatchObject({ kind: 'proposed', reason: 'shared_identity' });
    const queue = (await w.api('GET', '/api/duplicates')).body.items;
    expect(queue.map((item: { evidence: { linkedBy: string } }) => item.evidence.linkedBy).sort()).toEqual([
      'email:sales@shop.example',
      'phone:+14155550199',
    ]);
    const survivors = await Promise.all([a, b, c].map((id) => w.api('GET', `/api/customers/${id}`)));
    expect(new Set(survivors.map((answer) => answer.body.id)).size).toBe(3);
  });
});

describe('unmerging', () => {
  it('splits a wrong merge back: each customer with exactly its identities, timeline and orders, and what arrived through them since; stats recomputed; not merged again', async () => {
    // Prepare: Ana (WhatsApp + Shopify order) and Mei (Telegram) merged by a shared phone.
    const w = await world();
    const ana = personTraffic('+14155550111');
    await w.receive('meta', ana.whatsapp('wamid.u1', 'Where is my order?'));
    await w.receive('shopify', ana.shopifyOrder(7401, 8401, 'ana2@example.com'));
    await w.receive('telegram', telegramMessage(9401, 1, 'hi'));
    await w.receive('telegram', telegramMessage(9401, 2, '', '+14155550111'));
    await w.settle();
    const survivor = await w.customerOf('whatsapp:14155550111');
    const mergedId = survivor?.merges[0]?.customerId as string;
    expect(survivor?.merges).toHaveLength(1);
    // Something arrives through Mei's Telegram id after the merge.
    await w.receive('telegram', telegramMessage(9401, 3, 'still there?'));
    await w.settle();

    // Act
    const split = await w.api('POST', `/api/customers/${survivor?.id}/unmerge`, { mergedId });
    await w.settle();

    // Assess
    expect(split.status).toBe(200);
    const ana2 = await w.customerOf('whatsapp:14155550111');
    const mei = await w.customerOf('telegram:9401');
    expect(ana2?.id).toBe(survivor?.id);
    expect(mei?.id).toBe(mergedId);
    expect(ids(ana2)).toEqual([
      'email:ana2@example.com',
      'phone:+14155550111',
      'shopify:8401',
      'whatsapp:14155550111',
    ]);
    expect(ids(mei)).toEqual(['telegram:9401']);
    expect(ana2).toMatchObject({ stats: { orders: 1, messages: 1 }, lifecycleStage: 'buyer', merges: [] });
    expect(mei).toMatchObject({ stats: { orders: 0, messages: 3 }, lifecycleStage: 'engaged', merges: [] });
    const meiTimeline = await w.timelineOf(mergedId);
    expect(meiTimeline.filter((event) => event.type === 'message.received')).toHaveLength(3);
    expect(meiTimeline.some((event) => event.type === 'order.placed')).toBe(false);
    const anaTimeline = await w.timelineOf(survivor?.id as string);
    expect(anaTimeline.filter((event) => event.type === 'message.received')).toHaveLength(1);
    expect(anaTimeline.filter((event) => event.type === 'order.placed')).toHaveLength(1);
    expect(w.published.filter((event) => event.type === 'customer.unmerged')).toHaveLength(2);

    // Act: the same link again (a redelivered event) does not merge them back.
    const again = await linkCustomers(w.link, {
      customerId: mergedId,
      linkedId: survivor?.id as string,
      linkedBy: { kind: 'phone', value: '+14155550111' },
    });
    expect(again).toEqual({ kind: 'kept_apart' });
  });

  it('publishes customer.scored for both customers after an unmerge: neither profile keeps an empty members map', async () => {
    // Prepare: Ana (WhatsApp) and Mei (Telegram) merged by a shared phone, then split.
    const w = await world();
    const ana = personTraffic('+14155550113');
    await w.receive('meta', ana.whatsapp('wamid.s1', 'Hello'));
    await w.receive('telegram', telegramMessage(9403, 1, 'hi'));
    await w.receive('telegram', telegramMessage(9403, 2, '', '+14155550113'));
    await w.settle();
    const survivor = await w.customerOf('whatsapp:14155550113');
    const survivorId = survivor?.id as string;
    const mergedId = survivor?.merges[0]?.customerId as string;
    const split = await w.api('POST', `/api/customers/${survivorId}/unmerge`, { mergedId });
    await w.settle();
    const meiId = (await w.customerOf('telegram:9403'))?.id as string;
    const scoredSoFar = w.published.length;

    // Act: Ana orders and Mei writes again.
    await w.receive('shopify', ana.shopifyOrder(7403, 8403, 'ana3@example.com'));
    await w.receive('telegram', telegramMessage(9403, 3, 'did my parcel ship?'));
    await w.settle();

    // Assess
    expect(split.status).toBe(200);
    expect(meiId).toBe(mergedId);
    const scored = w.published
      .slice(scoredSoFar)
      .filter((event) => event.type === 'customer.scored') as Array<
      Extract<CanonicalEvent, { type: 'customer.scored' }>
    >;
    const anaScored = scored.filter((event) => event.customerId === survivorId);
    expect(anaScored.at(-1)?.after).toMatchObject({ lifecycleStage: 'buyer', stats: { orders: 1 } });
    const profiles = await Promise.all(
      [survivorId, meiId].map(async (id) =>
        (await partitionItems(w.table, `CUSTOMER#${id}`)).find((item) => item.sk === 'PROFILE'),
      ),
    );
    for (const profile of profiles) {
      expect(profile?.type).toBe('customer');
      expect(profile).not.toHaveProperty('members');
    }
  });

  it('refuses to unmerge a customer that is not merged into the survivor (409)', async () => {
    const w = await world();
    await w.receive('twilio', personTraffic('+14155550112').sms('SM-n1', 'hi'));
    const id = await identityOwner(w.table, 'phone', '+14155550112');
    const answer = await w.api('POST', `/api/customers/${id}/unmerge`, { mergedId: id });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toBe('not_merged');
  });
});

describe('export and erasure', () => {
  it('exports every item held on the person across a merge, then erases them everywhere so a later message starts a new, empty customer', async () => {
    // Prepare
    const w = await world();
    const bo = personTraffic('+14155550121');
    await w.receive('meta', bo.whatsapp('wamid.e1', 'hello'));
    await w.receive('shopify', bo.shopifyOrder(7501, 8501, 'bo@example.com'));
    await w.receive('telegram', telegramMessage(9501, 1, 'hi'));
    await w.receive('telegram', telegramMessage(9501, 2, '', '+14155550121'));
    await w.settle();
    const customer = await w.customerOf('phone:+14155550121');
    expect(customer?.merges).toHaveLength(1);

    const segmented = async () =>
      ((await w.api('GET', '/api/segments')).body.items as Array<{ customers: number }>).reduce(
        (sum, item) => sum + item.customers,
        0,
      );
    expect(await segmented()).toBe(1);

    // Act
    const exported = await w.api('GET', `/api/customers/${customer?.id}/export`);
    const erased = await w.api('DELETE', `/api/customers/${customer?.id}`);

    // Assess: the export held everything.
    expect(exported.status).toBe(200);
    expect(exported.body.customer.id).toBe(customer?.id);
    expect(exported.body.identities).toEqual(ids(customer));
    expect(exported.body.profiles).toHaveLength(2);
    expect(exported.body.orders).toHaveLength(1);
    expect(exported.body.timeline.map((item: { event: CanonicalEvent }) => item.event.type).sort()).toEqual([
      'customer.merged',
      'message.received',
      'message.received',
      'message.received',
      'order.placed',
    ]);
    // Assess: nothing is left.
    expect(erased.status).toBe(204);
    expect(await segmented()).toBe(0);
    for (const id of [customer?.id, customer?.merges[0]?.customerId]) {
      expect(await partitionItems(w.table, `CUSTOMER#${id}`)).toEqual([]);
    }
    for (const identity of ids(customer)) {
      const [kind, ...value] = identity.split(':');
      expect(await identityOwner(w.table, kind as string, value.join(':')), identity).toBeUndefined();
    }
    expect(await partitionItems(w.table, 'ORDER#shopify#7501')).toEqual([]);
    expect((await w.api('GET', `/api/customers/${customer?.id}`)).status).toBe(404);
    const audit = (await w.api('GET', '/api/audit')).body.items.map(
      (item: { action: string }) => item.action,
    );
    expect(audit).toEqual(expect.arrayContaining(['customer.exported', 'customer.erased']));

    // Act: the person writes again.
    await w.receive('meta', bo.whatsapp('wamid.e2', 'me again'));
    const fresh = await w.customerOf('whatsapp:14155550121');
    expect(fresh?.id).not.toBe(customer?.id);
    expect(fresh).toMatchObject({ stats: { orders: 0, messages: 1 }, merges: [] });
    expect(ids(fresh)).toEqual(['phone:+14155550121', 'whatsapp:14155550121']);
  });
});

describe('concurrency', () => {
  it.each([1, 2, 3])(
    'fifty concurrent first messages and orders from one new person across channels make one customer, no orphan identity, no lost timeline item (round %i)',
    async (round) => {
      // Prepare
      const w = await world();
      const phone = `+1415555${String(2000 + round).padStart(4, '0')}`;
      const person = personTraffic(phone);
      const requests = Array.from({ length: 50 }, (_, index) => {
        if (index % 5 === 4)
          return () =>
            w.receive(
              'shopify',
              person.shopifyOrder(round * 1000 + index, 86000 + round, `p${round}@example.com`),
            );
        if (index % 2 === 0)
          return () => w.receive('meta', person.whatsapp(`wamid.c${round}.${index}`, `message ${index}`));
        return () => w.receive('twilio', person.sms(`SM-c${round}-${index}`, `sms ${index}`));
      });

      // Act
      const answers = await Promise.all(requests.map((send) => send()));
      await w.settle();

      // Assess
      expect(answers.filter((answer) => answer.kind !== 'stored')).toEqual([]);
      const identities = [
        ['phone', phone],
        ['whatsapp', phone.slice(1)],
        ['shopify', String(86000 + round)],
        ['email', `p${round}@example.com`],
      ] as const;
      const survivors = new Set<string>();
      for (const [kind, value] of identities) {
        const owner = await identityOwner(w.table, kind, value);
        expect(owner, `${kind} is claimed`).toBeDefined();
        const profile = (await partitionItems(w.table, `CUSTOMER#${owner}`)).find(
          (item) => item.sk === 'PROFILE',
        );
        expect(profile, `${kind}'s holder has a profile`).toBeDefined();
        survivors.add((await w.api('GET', `/api/customers/${owner}`)).body.id);
      }
      expect(survivors.size).toBe(1);
      const [survivorId] = [...survivors];
      const timeline = await w.timelineOf(survivorId as string);
      const messages = timeline.filter((event) => event.type === 'message.received');
      expect(messages).toHaveLength(40);
      expect(timeline.filter((event) => event.type === 'order.placed')).toHaveLength(10);
      const customer = (await w.api('GET', `/api/customers/${survivorId}`)).body as Customer;
      expect(customer.stats).toMatchObject({ orders: 10, messages: 40 });
    },
  );

  it.each([1, 2, 3, 4, 5])(
    'concurrent merges of overlapping customers converge on one survivor, the oldest (round %i)',
    async (round) => {
      // Prepare: four customers, created one after another.
      const w = await world();
      const customerIds: string[] = [];
      for (let index = 0; index < 4; index += 1) {
        const phone = `+1415555${String(3000 + round * 10 + index).padStart(4, '0')}`;
        await w.receive('twilio', personTraffic(phone).sms(`SM-m${round}-${index}`, 'hi'));
        customerIds.push((await identityOwner(w.table, 'phone', phone)) as string);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const [a, b, c, d] = customerIds as [string, string, string, string];

      // Act
      const results = await Promise.all(
        [
          [b, c],
          [c, d],
          [a, d],
          [d, b],
          [a, b],
          [c, a],
        ].map(([x, y]) =>
          mergeCustomers(w.link, { customerIds: [x as string, y as string], reason: 'same_identity' }),
        ),
      );

      // Assess
      expect(results.filter((result) => result.kind === 'merged').length).toBe(3);
      const answers = await Promise.all(customerIds.map((id) => w.api('GET', `/api/customers/${id}`)));
      expect(answers.map((answer) => answer.body.id)).toEqual([a, a, a, a]);
      expect(answers[0]?.body.merges.map((merge: { customerId: string }) => merge.customerId).sort()).toEqual(
        [b, c, d].sort(),
      );
      for (const id of [b, c, d]) {
        const [profile] = (await partitionItems(w.table, `CUSTOMER#${id}`)).filter(
          (item) => item.sk === 'PROFILE',
        );
        expect(profile?.mergedInto).toBe(a);
      }
    },
  );

  it.each([1, 2, 3, 4, 5])(
    'a message arriving during a merge lands on the survivor (round %i)',
    async (round) => {
      // Prepare
      const w = await world();
      const older = `+1415555${String(4000 + round * 10).padStart(4, '0')}`;
      const newer = `+1415555${String(4001 + round * 10).padStart(4, '0')}`;
      await w.receive('twilio', personTraffic(older).sms(`SM-d${round}-a`, 'first'));
      await new Promise((resolve) => setTimeout(resolve, 5));
      await w.receive('twilio', personTraffic(newer).sms(`SM-d${round}-b`, 'second'));
      const [a, b] = await Promise.all([older, newer].map((phone) => identityOwner(w.table, 'phone', phone)));

      // Act
      const [merge, arrival] = await Promise.all([
        mergeCustomers(w.link, { customerIds: [a as string, b as string], reason: 'same_identity' }),
        w.receive('twilio', personTraffic(newer).sms(`SM-d${round}-c`, 'during the merge')),
      ]);
      await w.settle();

      // Assess
      expect(merge).toMatchObject({ kind: 'merged', survivorId: a });
      expect(arrival.kind).toBe('stored');
      const timeline = await w.timelineOf(b as string);
      expect(timeline.filter((event) => event.type === 'message.received')).toHaveLength(3);
      expect((await w.customerOf(`phone:${newer}`))?.id).toBe(a);
      expect((await w.customerOf(`phone:${newer}`))?.stats.messages).toBe(3);
    },
  );
});

describe('the answer a platform waits for', () => {
  let table: TestTable;
  afterEach(() => table?.client.destroy());

  it('costs 3 sequential DynamoDB round trips for a known customer’s message and 4 for a new customer’s first order', async () => {
    // Prepare
    table = await createTestTable(inject('dynamoEndpoint'));
    const metered = meteredTable(table);
    const deps = receiverDepsFor(metered.table);
    const person = personTraffic('+14155550131');
    await receiveWebhook(deps, channelRegistry.meta, person.whatsapp('wamid.r1', 'first'));

    // Act
    metered.reset();
    await receiveWebhook(deps, channelRegistry.meta, person.whatsapp('wamid.r2', 'second'));
    const knownMessage = metered.sequentialRoundTrips();
    metered.reset();
    await receiveWebhook(
      deps,
      channelRegistry.shopify,
      personTraffic('+14155550132').shopifyOrder(7601, 8601, 'new@example.com'),
    );
    const newOrder = metered.sequentialRoundTrips();
    metered.reset();
    await receiveWebhook(deps, channelRegistry.twilio, person.sms('SM-r3', 'no platform timestamp'));
    const knownSms = metered.sequentialRoundTrips();

    // Assess
    expect(knownMessage).toBe(3);
    expect(newOrder).toBe(4);
    expect(knownSms).toBe(3);
  });
});
