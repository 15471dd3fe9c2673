import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CampaignMessage, campaignMessageSchema } from '../../../shared/campaigns/campaign';
import {
  type CampaignMessageInput,
  planCampaignMessage,
  withChineseRefusalHint,
} from '../../../shared/campaigns/plan-campaign-message';
import type { Identity } from '../../../shared/domain/identity';
import { type ConsentByPlatform, consentRefusal } from '../../../shared/outbound/consent';
import { maxTextLength } from '../../../shared/outbound/plan-reply';
import { type OutboundPlatform, outboundPlatforms } from '../../../shared/outbound/platform-sender';

const now = new Date('2026-12-04T06:00:00.000Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000).toISOString();

const template = { name: 'winback_offer', language: 'en_US', parameters: ['{{customer.firstName|there}}'] };
const text = 'Hi {{customer.firstName|there}}, 10% off this week';

function input(
  overrides: Partial<CampaignMessageInput> & { message?: Partial<CampaignMessage> } = {},
): CampaignMessageInput {
  const { message, ...rest } = overrides;
  return {
    campaign: {
      message: {
        platforms: ['whatsapp', 'sms', 'email'],
        template,
        text,
        subject: 'For you, {{customer.firstName|friend}}',
        ...message,
      },
    },
    customer: {
      name: 'Ada Lovelace',
      identities: [
        { kind: 'whatsapp', value: '447700900123' },
        { kind: 'phone', value: '+447700900123' },
        { kind: 'email', value: 'ada@example.com' },
      ],
      scores: { segment: 'at_risk', reasons: [] },
      stats: { orders: 2, revenue: { amount: 9000, currency: 'GBP' }, messages: 1 },
    },
    consent: undefined,
    conversationsByPlatform: {},
    now,
    ...rest,
  };
}

const denied = (scope: 'all' | 'marketing', source: string) => ({
  status: 'denied' as const,
  at: hoursAgo(100),
  source,
  scope,
});

describe('planCampaignMessage: the platform', () => {
  it('sends on the first platform of the campaign where the customer has an address', () => {
    // Act
    const plan = planCampaignMessage(input());

    // Assess
    expect(plan).toEqual({
      kind: 'send',
      platform: 'whatsapp',
      address: '447700900123',
      content: { kind: 'template', name: 'winback_offer', language: 'en_US', parameters: ['Ada'] },
      timeZone: 'Europe/London',
      passedOver: [],
    });
  });

  it('passes over a platform where the customer stopped marketing (WhatsApp "stop promotions")', () => {
    // Prepare
    const consent: ConsentByPlatform = { whatsapp: denied('marketing', 'whatsapp user_preferences stop') };

    // Act
    const plan = planCampaignMessage(input({ consent }));

    // Assess
    expect(plan).toMatchObject({
      kind: 'send',
      platform: 'sms',
      address: '+447700900123',
      content: { kind: 'text', text: 'Hi Ada, 10% off this week' },
      passedOver: [{ platform: 'whatsapp', reason: 'optedOut' }],
    });
  });

  it('skips as opted out when every reachable platform refused (SMS STOP, email unsubscribe)', () => {
    // Prepare
    const consent: ConsentByPlatform = {
      whatsapp: denied('marketing', 'whatsapp user_preferences stop'),
      sms: denied('all', 'sms keyword STOP'),
      email: denied('all', 'email one-click unsubscribe'),
    };

    // Act
    const plan = planCampaignMessage(input({ consent }));

    // Assess
    expect(plan).toEqual({
      kind: 'skip',
      reason: 'optedOut',
      passedOver: [
        { platform: 'whatsapp', reason: 'optedOut' },
        { platform: 'sms', reason: 'optedOut' },
        { platform: 'email', reason: 'optedOut' },
      ],
    });
  });

  it('skips as no channel when the customer has no address on any listed platform', () => {
    // Act
    const plan = planCampaignMessage(
      input({ message: { platforms: ['telegram', 'line'], template: undefined } }),
    );

    // Assess
    expect(plan).toEqual({
      kind: 'skip',
      reason: 'noChannel',
      passedOver: [
        { platform: 'telegram', reason: 'noAddress' },
        { platform: 'line', reason: 'noAddress' },
      ],
    });
  });

  it('sends free text on WhatsApp only inside the window when the campaign has no template', () => {
    // Prepare
    const message = { platforms: ['whatsapp', 'email'] as OutboundPlatform[], template: undefined };

    // Act
    const open = planCampaignMessage(
      input({ message, conversationsByPlatform: { whatsapp: { lastInboundAt: hoursAgo(2) } } }),
    );
    const closed = planCampaignMessage(
      input({ message, conversationsByPlatform: { whatsapp: { lastInboundAt: hoursAgo(25) } } }),
    );

    // Assess
    expect(open).toMatchObject({
      platform: 'whatsapp',
      content: { kind: 'text', text: 'Hi Ada, 10% off this week' },
    });
    expect(closed).toMatchObject({
      platform: 'email',
      subject: 'For you, Ada',
      passedOver: [{ platform: 'whatsapp', reason: 'windowClosed' }],
    });
  });

  it('sends the WhatsApp template even inside the window (business-initiated marketing)', () => {
    // Act
    const plan = planCampaignMessage(
      input({ conversationsByPlatform: { whatsapp: { lastInboundAt: hoursAgo(1) } } }),
    );

    // Assess
    expect(plan).toMatchObject({ platform: 'whatsapp', content: { kind: 'template' } });
  });

  it('sends WeChat free text inside the 48-hour window and the template outside it', () => {
    // Prepare
    const customer = { ...input().customer, identities: [{ kind: 'wechat', value: 'oOPENID' } as Identity] };
    const message = { platforms: ['wechat'] as OutboundPlatform[] };

    // Act
    const inside = planCampaignMessage(
      input({ customer, message, conversationsByPlatform: { wechat: { lastInboundAt: hoursAgo(47) } } }),
    );
    const outside = planCampaignMessage(
      input({ customer, message, conversationsByPlatform: { wechat: { lastInboundAt: hoursAgo(49) } } }),
    );
    const noTemplate = planCampaignMessage(input({ customer, message: { ...message, template: undefined } }));

    // Assess
    expect(inside).toMatchObject({ kind: 'send', content: { kind: 'text' } });
    expect(outside).toMatchObject({ kind: 'send', content: { kind: 'template', name: 'winback_offer' } });
    expect(noTemplate).toMatchObject({
      kind: 'skip',
      reason: 'noChannel',
      passedOver: [{ platform: 'wechat', reason: 'windowClosed' }],
    });
  });

  it('passes over Messenger and Instagram outside their 24-hour window', () => {
    // Prepare
    const customer = {
      ...input().customer,
      identities: [
        { kind: 'messenger', value: 'PSID1' },
        { kind: 'instagram', value: 'IGSID1' },
        { kind: 'telegram', value: '42' },
      ] as Identity[],
    };

    // Act
    const plan = planCampaignMessage(
      input({
        customer,
        message: { platforms: ['messenger', 'instagram', 'telegram'], template: undefined },
        conversationsByPlatform: { messenger: { lastInboundAt: hoursAgo(30) } },
      }),
    );

    // Assess
    expect(plan).toMatchObject({
      kind: 'send',
      platform: 'telegram',
      address: '42',
      passedOver: [
        { platform: 'messenger', reason: 'windowClosed' },
        { platform: 'instagram', reason: 'windowClosed' },
      ],
    });
  });

  it('gives the subject to email only', () => {
    // Act
    const email = planCampaignMessage(input({ message: { platforms: ['email'] } }));
    const sms = planCampaignMessage(input({ message: { platforms: ['sms'] } }));

    // Assess
    expect(email).toMatchObject({ platform: 'email', address: 'ada@example.com', subject: 'For you, Ada' });
    expect(sms).not.toHaveProperty('subject');
  });
});

describe('planCampaignMessage: the frequency cap', () => {
  it('skips a customer messaged by a campaign within the cap, without rescheduling', () => {
    // Act
    const plan = planCampaignMessage(
      input({
        campaign: { ...input().campaign, frequencyCapHours: 24 },
        lastCampaignMessageAt: hoursAgo(23),
      }),
    );

    // Assess
    expect(plan).toEqual({ kind: 'skip', reason: 'capped', passedOver: [] });
  });

  it('sends once the cap has passed, to the hour', () => {
    // Act
    const plan = planCampaignMessage(
      input({
        campaign: { ...input().campaign, frequencyCapHours: 24 },
        lastCampaignMessageAt: hoursAgo(24),
      }),
    );

    // Assess
    expect(plan.kind).toBe('send');
  });

  it('reports an opted-out customer as opted out, not capped', () => {
    // Act
    const plan = planCampaignMessage(
      input({
        campaign: { ...input().campaign, frequencyCapHours: 24, message: { platforms: ['sms'], text } },
        consent: { sms: denied('all', 'sms keyword STOP') },
        lastCampaignMessageAt: hoursAgo(1),
      }),
    );

    // Assess
    expect(plan).toMatchObject({ kind: 'skip', reason: 'optedOut' });
  });
});

describe('planCampaignMessage: quiet hours', () => {
  const quiet = {
    message: { platforms: ['sms'] as OutboundPlatform[], text },
    quietHours: { start: '21:00', end: '09:00' },
  };

  it('holds a member in China until 09:00 Beijing time', () => {
    // Prepare: 14:00 UTC is 22:00 in Shanghai.
    const customer = {
      ...input().customer,
      identities: [{ kind: 'phone', value: '+8613912345678' } as Identity],
    };

    // Act
    const plan = planCampaignMessage(
      input({ campaign: quiet, customer, now: new Date('2026-12-04T14:00:00Z') }),
    );

    // Assess
    expect(plan).toMatchObject({
      kind: 'hold',
      until: '2026-12-05T01:00:00.000Z',
      timeZone: 'Asia/Shanghai',
      platform: 'sms',
    });
  });

  it('uses the campaign time zone when the phone does not tell one, and UTC without either', () => {
    // Prepare: an American number; 03:00 UTC is 22:00 in New York (winter) and 03:00 in UTC.
    const customer = {
      ...input().customer,
      identities: [{ kind: 'phone', value: '+14155550123' } as Identity],
    };
    const at = new Date('2026-12-04T03:00:00Z');

    // Act
    const newYork = planCampaignMessage(
      input({ campaign: { ...quiet, timeZone: 'America/New_York' }, customer, now: at }),
    );
    const utc = planCampaignMessage(input({ campaign: quiet, customer, now: at }));

    // Assess
    expect(newYork).toMatchObject({
      kind: 'hold',
      until: '2026-12-04T14:00:00.000Z',
      timeZone: 'America/New_York',
    });
    expect(utc).toMatchObject({ kind: 'hold', until: '2026-12-04T09:00:00.000Z', timeZone: 'UTC' });
  });

  it('sends at once outside the quiet hours', () => {
    // Act
    const plan = planCampaignMessage(input({ campaign: quiet, now: new Date('2026-12-04T12:00:00Z') }));

    // Assess
    expect(plan.kind).toBe('send');
  });

  it('judges the window at the moment the held message would go out', () => {
    // Prepare: 23:00 in London, the WhatsApp window closes at 01:00, quiet hours end at 09:00.
    const campaign = { ...quiet, message: { platforms: ['whatsapp', 'sms'] as OutboundPlatform[], text } };

    // Act
    const plan = planCampaignMessage(
      input({
        campaign,
        now: new Date('2026-12-04T23:00:00Z'),
        conversationsByPlatform: { whatsapp: { lastInboundAt: '2026-12-04T01:00:00Z' } },
      }),
    );

    // Assess
    expect(plan).toMatchObject({
      kind: 'hold',
      platform: 'sms',
      passedOver: [{ platform: 'whatsapp', reason: 'windowClosed' }],
    });
  });

  it('counts the cap at the moment the held message would go out', () => {
    // Prepare: messaged 20 hours before 23:00; by 09:00 it is 30 hours.
    const plan = planCampaignMessage(
      input({
        campaign: { ...quiet, frequencyCapHours: 24 },
        now: new Date('2026-12-04T23:00:00Z'),
        lastCampaignMessageAt: '2026-12-04T03:00:00Z',
      }),
    );

    // Assess
    expect(plan).toMatchObject({ kind: 'hold', until: '2026-12-05T09:00:00.000Z' });
  });
});

describe('planCampaignMessage: Chinese SMS', () => {
  const china = { ...input().customer, identities: [{ kind: 'phone', value: '+8613912345678' } as Identity] };

  it('ends an SMS to a Chinese number with the refusal hint, counted in the text', () => {
    // Act
    const plan = planCampaignMessage(
      input({ customer: china, message: { platforms: ['sms'], text: '双十二全场八折' } }),
    );

    // Assess
    expect(plan).toMatchObject({ content: { kind: 'text', text: '双十二全场八折 回T退订' } });
  });

  it('does not add the hint twice, nor to a text that already offers 退订', () => {
    // Act and Assess
    expect(withChineseRefusalHint('八折,回TD退订')).toBe('八折,回TD退订');
    expect(withChineseRefusalHint(withChineseRefusalHint('八折'))).toBe('八折 回T退订');
  });

  it('adds the hint for a campaign written in Chinese whatever the number, and to no other platform', () => {
    // Act
    const sms = planCampaignMessage(input({ message: { platforms: ['sms'], text: '八折', locale: 'zh' } }));
    const email = planCampaignMessage(
      input({ message: { platforms: ['email'], text: '八折', locale: 'zh' } }),
    );

    // Assess
    expect(sms).toMatchObject({ content: { text: '八折 回T退订' } });
    expect(email).toMatchObject({ content: { text: '八折' } });
  });

  it('passes over SMS to a Chinese number when the campaign has only a template (it cannot carry the hint)', () => {
    // Act
    const plan = planCampaignMessage(
      input({
        customer: china,
        message: {
          platforms: ['sms'],
          text: undefined,
          template: { ...template, name: `HX${'0a'.repeat(16)}` },
        },
      }),
    );

    // Assess
    expect(plan).toEqual({
      kind: 'skip',
      reason: 'noChannel',
      passedOver: [{ platform: 'sms', reason: 'needsText' }],
    });
  });
});

describe('planCampaignMessage: properties', () => {
  const addresses: Record<OutboundPlatform, string> = {
    whatsapp: '8613912345678',
    messenger: 'PSID1',
    instagram: 'IGSID1',
    telegram: '42',
    line: 'U1',
    wechat: 'oOPENID',
    sms: '+819012345678',
    x: '99',
    email: 'ada@example.com',
  };
  const identityKind: Record<OutboundPlatform, Identity['kind']> = {
    whatsapp: 'whatsapp',
    messenger: 'messenger',
    instagram: 'instagram',
    telegram: 'telegram',
    line: 'line',
    wechat: 'wechat',
    sms: 'phone',
    x: 'x',
    email: 'email',
  };
  const platformSubset = fc.shuffledSubarray([...outboundPlatforms], { minLength: 1 });
  const consentArb = fc.dictionary(
    fc.constantFrom(...outboundPlatforms),
    fc.constantFrom(denied('all', 'STOP'), denied('marketing', 'stop promotions'), {
      status: 'granted' as const,
      at: hoursAgo(1),
      source: 'START',
    }),
  );
  const time = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const messageArb = fc
    .record({
      platforms: platformSubset,
      template: fc.option(fc.constant(template), { nil: undefined }),
      text: fc.option(
        fc.constantFrom(text, '八折', 'x'.repeat(590), '{{customer.name|friend}} {{customer.orders}}'),
        {
          nil: undefined,
        },
      ),
      subject: fc.constant('For you'),
      locale: fc.option(fc.constantFrom('en' as const, 'zh' as const), { nil: undefined }),
    })
    .filter((message) => campaignMessageSchema.safeParse(message).success);
  const inputArb = fc.record({
    message: messageArb,
    reachable: fc.subarray([...outboundPlatforms]),
    consent: consentArb,
    inboundHoursAgo: fc.dictionary(fc.constantFrom(...outboundPlatforms), fc.integer({ min: 0, max: 72 })),
    quietHours: fc.option(
      fc.record({ start: time, end: time }).filter((q) => q.start !== q.end),
      { nil: undefined },
    ),
    cap: fc.option(fc.integer({ min: 1, max: 72 }), { nil: undefined }),
    lastMessagedHoursAgo: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    name: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
    minutes: fc.integer({ min: 0, max: 60 * 24 * 365 }),
  });

  type Drawn = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

  function build(drawn: Drawn): CampaignMessageInput {
    const at = new Date(Date.UTC(2026, 0, 1) + drawn.minutes * 60_000);
    const earlier = (hours: number) => new Date(at.getTime() - hours * 3600_000).toISOString();
    return {
      campaign: {
        message: drawn.message as CampaignMessage,
        ...(drawn.quietHours ? { quietHours: drawn.quietHours } : {}),
        ...(drawn.cap ? { frequencyCapHours: drawn.cap } : {}),
      },
      customer: {
        ...(drawn.name === undefined ? {} : { name: drawn.name }),
        identities: drawn.reachable.map((platform) => ({
          kind: identityKind[platform],
          value: addresses[platform],
        })),
        scores: { reasons: [] },
        stats: { orders: 1, revenue: { amount: 1, currency: 'USD' }, messages: 0 },
      },
      consent: drawn.consent as ConsentByPlatform,
      ...(drawn.lastMessagedHoursAgo === undefined
        ? {}
        : { lastCampaignMessageAt: earlier(drawn.lastMessagedHoursAgo) }),
      conversationsByPlatform: Object.fromEntries(
        Object.entries(drawn.inboundHoursAgo).map(([platform, hours]) => [
          platform,
          { lastInboundAt: earlier(hours) },
        ]),
      ),
      now: at,
    };
  }

  it('chooses the first platform in the campaign order that is reachable and consenting, and never one that refused marketing', () => {
    fc.assert(
      fc.property(inputArb, (drawn) => {
        // Prepare
        const planned = build(drawn);

        // Act
        const plan = planCampaignMessage(planned);

        // Assess
        const order = planned.campaign.message.platforms;
        if (plan.kind === 'skip' && plan.reason !== 'capped') {
          expect(plan.reason === 'optedOut').toBe(
            plan.passedOver.some((passed) => passed.reason === 'optedOut'),
          );
          expect(plan.passedOver.map((passed) => passed.platform)).toEqual(order);
          return;
        }
        if (plan.kind === 'skip') return;
        expect(consentRefusal(planned.consent, plan.platform, 'marketing')).toBeUndefined();
        expect(plan.passedOver.map((passed) => passed.platform)).toEqual(
          order.slice(0, order.indexOf(plan.platform)),
        );
        for (const passed of plan.passedOver)
          if (passed.reason === 'noAddress') expect(drawn.reachable).not.toContain(passed.platform);
      }),
    );
  });

  it('never sends text longer than the platform takes, and ends every Chinese SMS with a refusal', () => {
    fc.assert(
      fc.property(inputArb, (drawn) => {
        // Act
        const plan = planCampaignMessage(build(drawn));

        // Assess
        if (plan.kind === 'skip' || plan.content.kind !== 'text') return;
        expect(plan.content.text.length).toBeLessThanOrEqual(maxTextLength[plan.platform]);
        if (plan.platform === 'sms' && drawn.message.locale === 'zh')
          expect(plan.content.text).toContain('退订');
        expect(plan.content.text).not.toContain('{{');
      }),
    );
  });

  it('decides the same way every time for the same member (so control members record the decision a treatment member would get)', () => {
    fc.assert(
      fc.property(inputArb, (drawn) => {
        // Act and Assess
        expect(planCampaignMessage(build(drawn))).toEqual(planCampaignMessage(build(drawn)));
      }),
    );
  });

  it('sends, when planned again at the end of a hold, what the hold promised', () => {
    fc.assert(
      fc.property(inputArb, (drawn) => {
        // Prepare
        const planned = build(drawn);
        const plan = planCampaignMessage(planned);
        if (plan.kind !== 'hold') return;

        // Act
        const later = planCampaignMessage({ ...planned, now: new Date(plan.until) });

        // Assess
        const { until: _until, ...promised } = plan;
        expect(later).toEqual({ ...promised, kind: 'send' });
      }),
    );
  });
});
