import { describe, expect, it } from 'vitest';
import { campaignSchema } from '../../../shared/campaigns/campaign';

const base = {
  name: 'Win back',
  audience: { segment: 'at_risk' },
  holdoutPercent: 20,
  endsAt: '2026-12-31T00:00:00.000Z',
  goal: { on: 'order.placed', withinDays: 14 },
};

const template = { name: 'winback_offer', language: 'en_US', parameters: ['{{customer.firstName|there}}'] };

function issues(input: unknown): string[] {
  const result = campaignSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('campaign schema: destinations and message', () => {
  it('takes a campaign with a message and no destinations', () => {
    // Prepare
    const campaign = { ...base, message: { platforms: ['whatsapp'], template } };

    // Act
    const parsed = campaignSchema.parse(campaign);

    // Assess
    expect(parsed.destinations).toEqual([]);
    expect(parsed.message?.platforms).toEqual(['whatsapp']);
  });

  it('refuses a campaign with neither destinations nor a message, naming destinations', () => {
    // Act
    const problems = issues(base);

    // Assess
    expect(problems).toEqual(['destinations: name at least one destination, or give the campaign a message']);
  });

  it('still takes a campaign with destinations only, as before', () => {
    // Act and Assess
    expect(issues({ ...base, destinations: ['d1'] })).toEqual([]);
    expect(issues({ ...base, destinations: [] })).toHaveLength(1);
  });

  it('refuses a platform listed twice, an unknown platform, and an empty list', () => {
    // Act and Assess
    expect(issues({ ...base, message: { platforms: ['sms', 'sms'], text: 'Hi' } })).toEqual([
      'message.platforms: each platform once',
    ]);
    expect(issues({ ...base, message: { platforms: ['fax'], text: 'Hi' } })).toHaveLength(1);
    expect(issues({ ...base, message: { platforms: [], text: 'Hi' } })).toHaveLength(1);
  });

  it('needs a template or a text', () => {
    // Act and Assess
    expect(issues({ ...base, message: { platforms: ['whatsapp'] } })).toContain(
      'message: give a template, a text, or both',
    );
  });

  it('needs a text when a listed platform has no templates', () => {
    // Act
    const problems = issues({ ...base, message: { platforms: ['whatsapp', 'telegram'], template } });

    // Assess
    expect(problems).toEqual(['message.text: give a text: some of these platforms have no templates']);
  });

  it('needs a subject when email is listed', () => {
    // Act and Assess
    expect(issues({ ...base, message: { platforms: ['email'], text: 'Hi' } })).toEqual([
      'message.subject: give a subject for email',
    ]);
    expect(issues({ ...base, message: { platforms: ['email'], text: 'Hi', subject: 'For you' } })).toEqual(
      [],
    );
  });

  it('names an SMS-only template by its Twilio Content SID', () => {
    // Act and Assess
    expect(issues({ ...base, message: { platforms: ['sms'], template } })).toEqual([
      'message.template.name: an SMS template is a Twilio Content SID (HX followed by 32 hex digits)',
    ]);
    expect(
      issues({
        ...base,
        message: { platforms: ['sms'], template: { ...template, name: `HX${'0a'.repeat(16)}` } },
      }),
    ).toEqual([]);
  });

  it('refuses an unknown placeholder and a fallback-less name instead of sending them raw', () => {
    // Act
    const problems = issues({
      ...base,
      message: { platforms: ['telegram'], text: 'Hi {{customer.email}}, {{customer.firstName}}' },
    });

    // Assess
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^message\.text: unknown placeholder \{\{customer\.email\}\}/);
    expect(problems[1]).toMatch(/needs a fallback/);
  });

  it('refuses an empty fallback in a template parameter (WhatsApp refuses empty parameters)', () => {
    // Act
    const problems = issues({
      ...base,
      message: {
        platforms: ['whatsapp'],
        template: { ...template, parameters: ['{{customer.firstName|}}'] },
      },
    });

    // Assess
    expect(problems).toEqual([
      'message.template.parameters.0: {{customer.firstName|}} in a template parameter needs a fallback that is not empty',
    ]);
  });

  it('refuses a text that could outgrow the smallest listed platform once filled', () => {
    // Prepare: 960 characters and a name of up to 80 fit Messenger (2000), not Instagram (1000).
    const text = `${'x'.repeat(960)} {{customer.name|friend}}`;

    // Act and Assess
    expect(issues({ ...base, message: { platforms: ['messenger'], text } })).toEqual([]);
    expect(issues({ ...base, message: { platforms: ['messenger', 'instagram'], text } })[0]).toMatch(
      /^message\.text: the text could be longer than a platform takes/,
    );
  });

  it('keeps room in an SMS for a space and the Chinese refusal hint (1600 - 5)', () => {
    // Act and Assess
    expect(issues({ ...base, message: { platforms: ['sms'], text: 'x'.repeat(1595) } })).toEqual([]);
    expect(issues({ ...base, message: { platforms: ['sms'], text: 'x'.repeat(1596) } })).toHaveLength(1);
  });
});

describe('campaign schema: cap, quiet hours, time zone', () => {
  const message = { platforms: ['sms'], text: 'Hi' };

  it('takes a frequency cap of 1 to 720 whole hours', () => {
    // Act and Assess
    expect(issues({ ...base, message, frequencyCapHours: 1 })).toEqual([]);
    expect(issues({ ...base, message, frequencyCapHours: 720 })).toEqual([]);
    expect(issues({ ...base, message, frequencyCapHours: 0 })).toHaveLength(1);
    expect(issues({ ...base, message, frequencyCapHours: 721 })).toHaveLength(1);
    expect(issues({ ...base, message, frequencyCapHours: 1.5 })).toHaveLength(1);
  });

  it('takes quiet hours as HH:MM and refuses a start equal to the end', () => {
    // Act and Assess
    expect(issues({ ...base, message, quietHours: { start: '21:00', end: '09:00' } })).toEqual([]);
    expect(issues({ ...base, message, quietHours: { start: '9:00', end: '21:00' } })).toHaveLength(1);
    expect(issues({ ...base, message, quietHours: { start: '21:00', end: '21:00' } })).toEqual([
      'quietHours: quiet hours start and end apart',
    ]);
  });

  it('takes an IANA time zone the runtime knows and refuses anything else', () => {
    // Act and Assess
    expect(issues({ ...base, message, timeZone: 'Asia/Shanghai' })).toEqual([]);
    expect(issues({ ...base, message, timeZone: 'Mars/Olympus_Mons' })).toEqual([
      'timeZone: an IANA time zone such as Asia/Shanghai',
    ]);
  });
});
