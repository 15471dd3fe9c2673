import { describe, expect, it } from 'vitest';
import { planReply } from '../../../shared/outbound/plan-reply';

const now = new Date('2026-12-02T12:00:00.000Z');
const whatsapp = {
  platform: 'whatsapp' as const,
  address: '14155550123',
  lastInboundAt: '2026-12-02T09:00:00.000Z',
};
const stale = { ...whatsapp, lastInboundAt: '2026-12-01T09:00:00.000Z' };
const options = { humanAgentTag: false };

describe('planReply', () => {
  it('sends free text inside the window', () => {
    // Act
    const plan = planReply(whatsapp, undefined, { text: 'Your order shipped' }, now, options);

    // Assess
    expect(plan).toEqual({ kind: 'send', text: 'Your order shipped' });
  });

  it('refuses free text outside the window with window_closed, naming the way out', () => {
    // Act
    const plan = planReply(stale, undefined, { text: 'Hello?' }, now, options);

    // Assess
    expect(plan).toMatchObject({ kind: 'refused', code: 'window_closed' });
    expect(plan.kind === 'refused' && plan.message).toContain('template');
  });

  it('sends a template outside the window', () => {
    // Act
    const plan = planReply(
      stale,
      undefined,
      { template: { name: 'order_update', language: 'en_US' } },
      now,
      options,
    );

    // Assess
    expect(plan).toEqual({ kind: 'send', template: { name: 'order_update', language: 'en_US' } });
  });

  it('refuses everything but notes after the customer opted out on that platform', () => {
    // Prepare
    const consent = {
      sms: { status: 'denied' as const, at: '2026-12-01T10:00:00.000Z', source: 'sms keyword STOP' },
    };
    const sms = {
      platform: 'sms' as const,
      address: '+14155550123',
      lastInboundAt: '2026-12-02T11:00:00.000Z',
    };

    // Act
    const reply = planReply(sms, consent, { text: 'Hi' }, now, options);
    const note = planReply(sms, consent, { note: 'Customer asked us to stop' }, now, options);

    // Assess
    expect(reply).toMatchObject({ kind: 'refused', code: 'opted_out' });
    expect(reply.kind === 'refused' && reply.message).toContain('sms keyword STOP');
    expect(note).toEqual({ kind: 'note', text: 'Customer asked us to stop' });
  });

  it('lets a service reply through a marketing-only opt-out', () => {
    // Prepare
    const consent = {
      whatsapp: {
        status: 'denied' as const,
        at: '2026-12-01T10:00:00.000Z',
        source: 'stop promotions',
        scope: 'marketing' as const,
      },
    };

    // Act
    const plan = planReply(whatsapp, consent, { text: 'Your refund is on its way' }, now, options);

    // Assess
    expect(plan.kind).toBe('send');
  });

  it('tags a Messenger reply HUMAN_AGENT after 24 hours only when the operator allows it', () => {
    // Prepare
    const messenger = {
      platform: 'messenger' as const,
      address: 'PSID1',
      lastInboundAt: '2026-11-30T12:00:00.000Z',
    };

    // Act
    const allowed = planReply(messenger, undefined, { text: 'Sorry for the wait' }, now, {
      humanAgentTag: true,
    });
    const refused = planReply(messenger, undefined, { text: 'Sorry for the wait' }, now, options);

    // Assess
    expect(allowed).toEqual({ kind: 'send', text: 'Sorry for the wait', humanAgentTag: true });
    expect(refused).toMatchObject({ kind: 'refused', code: 'window_closed' });
  });

  it('refuses a template on a platform that has none, and text longer than the platform takes', () => {
    // Prepare
    const telegram = {
      platform: 'telegram' as const,
      address: '42',
      lastInboundAt: '2026-12-02T11:00:00.000Z',
    };
    const instagram = {
      platform: 'instagram' as const,
      address: 'IGSID',
      lastInboundAt: '2026-12-02T11:00:00.000Z',
    };

    // Act
    const template = planReply(
      telegram,
      undefined,
      { template: { name: 'x', language: 'en' } },
      now,
      options,
    );
    const long = planReply(instagram, undefined, { text: 'a'.repeat(1001) }, now, options);

    // Assess
    expect(template).toMatchObject({ kind: 'invalid', code: 'template_unsupported' });
    expect(long).toMatchObject({ kind: 'invalid', code: 'text_too_long' });
  });
});
