import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readStorefrontEvent,
  storefrontChannel,
} from '../../../shared/channels/storefront/storefront-channel';
import { readStripeEvent } from '../../../shared/channels/stripe/stripe-channel';
import { signTimestamped, verifyTimestampedSignature } from '../../../shared/channels/timestamped-signature';
import {
  readWooCommerceWebhook,
  wooCommerceChannel,
} from '../../../shared/channels/woocommerce/woocommerce-channel';
import { fixture, signatureVectors, webhookRequest } from '../../helpers/channel-fixtures';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('Stripe-Signature (timestamped signatures)', () => {
  const vectors = signatureVectors('stripe').vectors as unknown as Array<{
    name: string;
    secret: string;
    body_file: string;
    timestamp: number;
    expected_header: string;
  }>;

  it.each(vectors)('accepts $name at its own time', (vector) => {
    const body = fixture('stripe', vector.body_file);
    const at = new Date(vector.timestamp * 1000 + 10_000);
    expect(verifyTimestampedSignature(body, vector.expected_header, vector.secret, at)).toBe(true);
  });

  it('rejects the t=12345 vector as stale under the default tolerance, though its signature is right', () => {
    const [stale] = vectors;
    const body = fixture('stripe', stale?.body_file ?? '');
    expect(
      verifyTimestampedSignature(body, stale?.expected_header, 'whsec_test_secret', new Date(), null),
    ).toBe(true);
    expect(verifyTimestampedSignature(body, stale?.expected_header, 'whsec_test_secret', new Date())).toBe(
      false,
    );
  });

  it('passes when any v1 matches (secret rotation), ignores v0 and garbage, refuses bad headers', () => {
    const body = json({ id: 'evt_1', object: 'event' });
    const now = new Date('2026-11-23T10:00:00Z');
    const valid = signTimestamped(body, 'whsec_new', now);
    const rotated = `${signTimestamped(body, 'whsec_old', now)},v1=${valid.split('v1=')[1]}`;
    expect(verifyTimestampedSignature(body, rotated, 'whsec_new', now)).toBe(true);
    expect(verifyTimestampedSignature(body, rotated, 'whsec_old', now)).toBe(true);
    expect(verifyTimestampedSignature(body, `${valid},v1=potato`, 'whsec_new', now)).toBe(true);
    expect(verifyTimestampedSignature(body, 'bad_header', 'whsec_new', now)).toBe(false);
    expect(verifyTimestampedSignature(body, valid.replace('v1=', 'v0='), 'whsec_new', now)).toBe(false);
    expect(verifyTimestampedSignature(Buffer.concat([body, Buffer.from(' ')]), valid, 'whsec_new', now)).toBe(
      false,
    );
    expect(verifyTimestampedSignature(body, valid, 'whsec_new', new Date(now.getTime() + 301_000))).toBe(
      false,
    );
  });

  it('never throws and only accepts its own signatures', () => {
    const now = new Date();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 256 }).map(Buffer.from),
        fc.string({ maxLength: 120 }),
        (body, header) => {
          expect(verifyTimestampedSignature(body, signTimestamped(body, 's', now), 's', now)).toBe(true);
          expect(verifyTimestampedSignature(body, header, 's', now)).toBe(false);
        },
      ),
    );
  });
});

describe('readStripeEvent', () => {
  const withCreated = (file: string) =>
    json({ ...JSON.parse(fixture('stripe', file).toString()), created: 1_700_000_000 });

  it('reads checkout.session.completed as a paid order with the Stripe customer and email', () => {
    expect(readStripeEvent(withCreated('event_checkout.session.completed.assembled.json'))).toMatchObject({
      kind: 'facts',
      deliveryId: 'evt_test_webhook',
      facts: [
        {
          kind: 'order',
          customer: {
            identities: [
              { kind: 'stripe', value: 'cus_M5wW9RPFk9xNZ5' },
              { kind: 'email', value: 'chris@gorails.com' },
            ],
            name: 'Chris Oliver',
          },
          order: { platform: 'stripe', total: { amount: 1900, currency: 'USD' }, milestones: ['paid'] },
        },
      ],
    });
  });

  it('quarantines an event without its created time (the assembled fixture lacks it)', () => {
    expect(readStripeEvent(fixture('stripe', 'event_checkout.session.completed.assembled.json')).kind).toBe(
      'invalid',
    );
  });

  it('keys the session and its PaymentIntent as one order, and counts only succeeded refunds', () => {
    const session = {
      id: 'cs_1',
      customer: 'cus_1',
      customer_details: { email: 'a@example.com' },
      amount_total: 5000,
      currency: 'eur',
      payment_status: 'paid',
      payment_intent: 'pi_1',
    };
    const intent = {
      id: 'pi_1',
      customer: 'cus_1',
      amount: 5000,
      amount_received: 5000,
      currency: 'eur',
      created: 1_700_000_000,
    };
    const event = (type: string, object: unknown) =>
      json({ id: `evt_${type}`, object: 'event', type, created: 1_700_000_100, data: { object } });
    const fromSession = readStripeEvent(event('checkout.session.completed', session));
    const fromIntent = readStripeEvent(event('payment_intent.succeeded', intent));
    expect(
      fromSession.kind === 'facts' &&
        fromSession.facts[0]?.kind === 'order' &&
        fromSession.facts[0].order.platformOrderId,
    ).toBe('pi_1');
    expect(
      fromIntent.kind === 'facts' &&
        fromIntent.facts[0]?.kind === 'order' &&
        fromIntent.facts[0].order.platformOrderId,
    ).toBe('pi_1');
    const refunds = readStripeEvent(
      event('charge.refunded', {
        id: 'ch_1',
        payment_intent: 'pi_1',
        refunds: {
          data: [
            { id: 're_1', amount: 1000, currency: 'eur', status: 'succeeded', created: 1_700_000_200 },
            { id: 're_2', amount: 500, currency: 'eur', status: 'pending', created: 1_700_000_300 },
          ],
        },
      }),
    );
    expect(refunds).toMatchObject({
      kind: 'facts',
      facts: [
        {
          kind: 'refund',
          refund: { refundId: 're_1', platformOrderId: 'pi_1', amount: { amount: 1000, currency: 'EUR' } },
        },
      ],
    });
    expect(
      readStripeEvent(
        event('charge.refund.updated', {
          id: 're_2',
          amount: 500,
          currency: 'eur',
          status: 'failed',
          created: 1,
          payment_intent: 'pi_1',
        }),
      ).kind,
    ).toBe('unhandled');
  });

  it('never throws on any bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 256 }).map(Buffer.from), fc.json().map(Buffer.from)),
        (body) => {
          expect(['facts', 'invalid', 'unhandled']).toContain(readStripeEvent(body).kind);
        },
      ),
    );
  });
});

describe('WooCommerce', () => {
  it.each(signatureVectors('woocommerce').vectors)('accepts the vector $name', (vector) => {
    const body = vector.body_file
      ? fixture('woocommerce', vector.body_file)
      : Buffer.from(vector.body_inline ?? '');
    const request = webhookRequest('woocommerce', body, { 'x-wc-webhook-signature': vector.expected ?? '' });
    expect(
      wooCommerceChannel.verify(
        request,
        { WOOCOMMERCE_WEBHOOK_SECRET: vector.secret ?? '' },
        { now: new Date() },
      ),
    ).toBe(true);
    expect(
      wooCommerceChannel.verify(request, { WOOCOMMERCE_WEBHOOK_SECRET: 'other' }, { now: new Date() }),
    ).toBe(false);
  });

  it('answers the unsigned form ping and nothing else unsigned', () => {
    expect(
      wooCommerceChannel.isUnsignedPing?.(webhookRequest('woocommerce', Buffer.from('webhook_id=12'))),
    ).toBe(true);
    expect(wooCommerceChannel.isUnsignedPing?.(webhookRequest('woocommerce', Buffer.from('{"id":1}')))).toBe(
      false,
    );
  });

  it('reads the docs order (processing → paid) with the billing email and phone, money from strings', () => {
    expect(
      readWooCommerceWebhook(fixture('woocommerce', 'order_created_docs_example.json'), 'order.created'),
    ).toMatchObject({
      kind: 'facts',
      facts: [
        {
          kind: 'order',
          customer: { identities: [{ kind: 'email', value: 'john.doe@example.com' }], name: 'John Doe' },
          order: {
            platform: 'woocommerce',
            platformOrderId: '727',
            total: { amount: 2935, currency: 'USD' },
            milestones: ['paid'],
            placedAt: '2017-03-22T19:28:02.000Z',
            version: Date.parse('2017-03-22T19:28:08Z'),
          },
        },
      ],
    });
  });

  it.each([
    ['pending', []],
    ['on-hold', []],
    ['failed', []],
    ['completed', ['paid', 'fulfilled']],
    ['cancelled', ['cancelled']],
    ['refunded', ['paid']],
  ])('maps status %s to milestones %j', (status, milestones) => {
    const body = json({
      ...JSON.parse(fixture('woocommerce', 'order_created_docs_example.json').toString()),
      status,
    });
    const result = readWooCommerceWebhook(body, 'order.updated');
    expect(
      result.kind === 'facts' && result.facts[0]?.kind === 'order' && result.facts[0].order.milestones,
    ).toEqual(milestones);
  });

  it('reads refunds (negative totals) and a deletion', () => {
    const body = json({
      ...JSON.parse(fixture('woocommerce', 'order_created_docs_example.json').toString()),
      refunds: [{ id: 9, reason: '', total: '-5.00' }],
    });
    expect(readWooCommerceWebhook(body, 'order.updated')).toMatchObject({
      facts: [{ refunds: [{ refundId: '9', amount: { amount: 500, currency: 'USD' } }] }],
    });
    expect(readWooCommerceWebhook(json({ id: 727 }), 'order.deleted')).toMatchObject({
      facts: [{ kind: 'cancellation', platform: 'woocommerce', platformOrderId: '727' }],
    });
  });
});

describe('storefront events', () => {
  const event = {
    id: 'evt_1001',
    type: 'order.upserted',
    occurredAt: '2026-11-23T10:00:00Z',
    customer: { id: 'c-42', email: 'Mia@Example.com', phone: '+4915112345678', name: 'Mia' },
    order: {
      id: 'o-1',
      number: '1042',
      status: 'paid',
      total: '49.90',
      currency: 'EUR',
      placedAt: '2026-11-23T09:58:00Z',
      updatedAt: '2026-11-23T10:00:00Z',
    },
  };

  it('verifies X-Rapport-Signature and reads an order', () => {
    const body = json(event);
    const now = new Date('2026-11-23T10:00:30Z');
    const request = webhookRequest('storefront', body, {
      'x-rapport-signature': signTimestamped(body, 'shop-secret', now),
    });
    expect(storefrontChannel.verify(request, { STOREFRONT_WEBHOOK_SECRET: 'shop-secret' }, { now })).toBe(
      true,
    );
    expect(readStorefrontEvent(body)).toMatchObject({
      kind: 'facts',
      deliveryId: 'evt_1001',
      facts: [
        {
          customer: {
            identities: [
              { kind: 'storefront', value: 'c-42' },
              { kind: 'email', value: 'mia@example.com' },
              { kind: 'phone', value: '+4915112345678' },
            ],
          },
          order: { total: { amount: 4990, currency: 'EUR' }, milestones: ['paid'], name: '#1042' },
        },
      ],
    });
  });

  it('quarantines events that break the schema or the currency’s precision', () => {
    expect(readStorefrontEvent(json({ ...event, type: 'order.exploded' })).kind).toBe('invalid');
    expect(readStorefrontEvent(json({ ...event, order: { ...event.order, total: '1.005' } }))).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('more decimals'),
    });
  });
});
