import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertBatch } from '../../shared/alerts/alert-batch';
import type { AlertContent, AlertLocale } from '../../shared/alerts/alert-message';
import { destinationSchema } from '../../shared/alerts/destination';
import { destinationRequest, type HttpDestination } from '../../shared/alerts/destination-requests';
import { withoutAutolinks } from '../../shared/alerts/unlinked-text';
import { markupCounts, readMarkdown, words } from '../helpers/markdown-reading';

const now = new Date('2026-11-24T08:00:00.000Z');

/** The hostile customer of issue 25. */
const hostileName = '[Support](https://evil.example/n)';
const hostileText =
  'Hello [Track your refund here](https://evil.example/login) ![x](https://evil.example/p.png)';

function alert(name: string, text: string, alertId = 'a'.repeat(32)): AlertContent {
  return {
    alertId,
    rule: { id: 'rule-1', name: 'Any message' },
    event: {
      id: `whatsapp:message:${alertId}`,
      type: 'message.received',
      version: 1,
      occurredAt: '2026-11-24T07:59:59.000Z',
      customerId: 'c1',
      channel: 'whatsapp',
      message: { id: alertId, text, media: [], sentiment: 0, complaint: false },
    },
    customer: {
      id: 'c1',
      name,
      emails: [],
      phones: ['+14155550123'],
      lifecycleStage: 'lead',
      orders: 0,
      revenue: { amount: 0, currency: 'USD' },
    },
  };
}

/** One alert, or a digest of two: a digest's lines carry the customers' names too. */
function batch(name: string, text: string, digest = false): AlertBatch {
  const first = alert(name, text);
  const alerts = digest ? [first, alert(name, text, 'b'.repeat(32))] : [first];
  return { deliveryId: first.alertId, rule: first.rule, alerts };
}

interface SlackText {
  type: string;
  text: string;
  verbatim?: boolean;
}

/** The parts of a robot's or Slack's JSON body that carry text. */
interface MessageBody {
  at?: unknown;
  markdown?: { title: string; text?: string; content?: string };
  card?: { header: { title: { content: string } }; elements: Array<{ text: { content: string } }> };
  text?: string;
  blocks?: Array<{ text?: SlackText; fields?: SlackText[]; elements?: SlackText[] }>;
}

interface Robot {
  destination: Record<string, string>;
  /** Every text of the message that the platform reads as markup. */
  markdown: (body: MessageBody) => string[];
  /** Every text the platform shows as plain text (titles). */
  plain: (body: MessageBody) => string[];
}

/** Every `mrkdwn` text of a Slack message, with the top-level (notification) text. */
function slackMrkdwnTexts(body: MessageBody): string[] {
  const texts = [body.text ?? ''];
  for (const block of body.blocks ?? []) {
    for (const object of [block.text, ...(block.fields ?? []), ...(block.elements ?? [])])
      if (object?.type === 'mrkdwn') texts.push(object.text);
  }
  return texts;
}

const robots: Record<'dingtalk' | 'wecom' | 'feishu' | 'slack', Robot> = {
  dingtalk: {
    destination: {
      type: 'dingtalk',
      name: 'Ops',
      webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=t',
    },
    markdown: (body) => [body.markdown?.text ?? ''],
    plain: (body) => [body.markdown?.title ?? ''],
  },
  wecom: {
    destination: {
      type: 'wecom',
      name: '群',
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
    },
    markdown: (body) => [body.markdown?.content ?? ''],
    plain: () => [],
  },
  feishu: {
    destination: {
      type: 'feishu',
      name: '飞书',
      webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/h',
    },
    markdown: (body) => [body.card?.elements[0]?.text.content ?? ''],
    plain: (body) => [body.card?.header.title.content ?? ''],
  },
  slack: {
    destination: { type: 'slack', name: 'Team', webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
    markdown: slackMrkdwnTexts,
    plain: (body) => [body.blocks?.[0]?.text?.text ?? ''],
  },
};

function render(robot: Robot, delivery: AlertBatch, locale: AlertLocale = 'en'): MessageBody {
  const destination = destinationSchema.parse({ ...robot.destination, locale }) as HttpDestination;
  return JSON.parse(destinationRequest(destination, delivery, now).body) as MessageBody;
}

/**
 * Slack's own markup is made of single characters (https://api.slack.com/reference/surfaces/formatting):
 * `<` opens links and mentions, `*` `_` `~` and backticks format, `&gt;` at a line's start quotes.
 * Counts each in a mrkdwn text, so that a message can be compared with Rapport's own.
 */
function slackMarkup(text: string): Record<string, number> {
  const count = (character: string) => [...text].filter((c) => c === character).length;
  const lines = text.split('\n');
  return {
    angle: count('<'),
    bold: count('*'),
    italic: count('_'),
    strike: count('~'),
    code: count('`'),
    quote: lines.filter((line) => line.trimStart().startsWith('&gt;')).length,
    bareAmpersand: [...text.matchAll(/&(?!amp;|lt;|gt;)/g)].length,
  };
}

/** Strings a hostile customer would write: markdown, mentions and URLs of every platform. */
const markupPiece = fc.constantFrom(
  '[',
  ']',
  '](',
  '![',
  '(',
  ')',
  '!',
  'http://',
  'https://',
  '//',
  'mailto:',
  'www.',
  'www',
  '.',
  '/',
  'xn--p1ai',
  '.com',
  'evil.example/login',
  'a@b.co',
  '1.2.3.4',
  '#',
  '# ',
  '*',
  '**',
  '_',
  '~',
  '~~',
  '`',
  '```',
  '<',
  '>',
  '> ',
  '&',
  '&lt;',
  '&#91;',
  '\\',
  '|',
  ':',
  '-',
  '1. ',
  '---',
  '===',
  '\n',
  '\r\n',
  ' ',
  '@',
  '<@all>',
  '<@U024BE7LH>',
  '<at id=all></at>',
  '<!channel>',
  '<!here>',
  '@channel',
  '#general',
  '<a href="https://evil.example">',
  '<font color="info">',
  '<https://evil.example>',
  ':DONE:',
);
const plainWord = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
/** Customer strings, biased toward markup, then any text at all; short enough that nothing is cut. */
const customerString = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.array(fc.oneof(markupPiece, plainWord), { maxLength: 16 }).map((parts) => parts.join('')),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  )
  .map((text) => text.slice(0, 200));

const propertyRuns = { numRuns: 150 };

describe.each(Object.entries(robots))('customer text in a %s alert', (type, robot) => {
  it('adds no link, image, mention, heading or formatting to the alert, whatever the customer wrote', () => {
    fc.assert(
      fc.property(
        customerString,
        customerString,
        fc.boolean(),
        fc.constantFrom<AlertLocale>('en', 'zh'),
        (name, text, digest, locale) => {
          // Prepare: the same alert from a customer who wrote nothing special, for Rapport's own markup.
          const plainBody = render(robot, batch('Ada', 'Hi', digest), locale);

          // Act
          const body = render(robot, batch(name, text, digest), locale);

          // Assess
          const rendered = robot.markdown(body);
          const plain = robot.markdown(plainBody);
          expect(rendered).toHaveLength(plain.length);
          rendered.forEach((source, index) => {
            const reading = readMarkdown(source);
            const own = readMarkdown(plain[index] ?? '');
            expect(markupCounts(reading)).toEqual(markupCounts(own));
            for (const kind of ['link_open', 'image', 'html_inline', 'html_block'] as const)
              expect(reading.counts[kind] ?? 0).toBe(0);
            if (type === 'slack') {
              // Slack's links and mentions (`<!channel>`, `<@U…>`) need a raw `<`: only `&lt;` may be there.
              expect(slackMarkup(source)).toEqual(slackMarkup(plain[index] ?? ''));
            } else {
              // The robots' mentions (`<@all>`, `<at id=all>`) need a `<`, which Rapport never writes.
              expect(reading.texts.filter((piece) => piece.includes('<'))).toEqual([]);
            }
          });
          for (const title of robot.plain(body)) expect(readMarkdown(title).counts.link_open ?? 0).toBe(0);
          if (type === 'dingtalk') expect(body.at).toBeUndefined();
        },
      ),
      propertyRuns,
    );
  });

  it('still shows every word the customer wrote', () => {
    fc.assert(
      fc.property(customerString, customerString, (name, text) => {
        // Act
        const body = render(robot, batch(name, text));

        // Assess
        const visible = robot
          .markdown(body)
          .map((source) => readMarkdown(source).visible)
          .join('\n');
        for (const word of [...words(name), ...words(text)]) expect(visible).toContain(word);
      }),
      propertyRuns,
    );
  });

  it('shows the phishing name and message of issue 25 as text, with no link or image', () => {
    // Prepare
    const plain = robot.markdown(render(robot, batch('Ada', 'Hi'))).map(readMarkdown);

    // Act
    const body = render(robot, batch(hostileName, hostileText));

    // Assess
    const readings = robot.markdown(body).map(readMarkdown);
    readings.forEach((reading, index) => {
      expect(reading.counts.link_open ?? 0).toBe(0);
      expect(reading.counts.image ?? 0).toBe(0);
      expect(markupCounts(reading)).toEqual(markupCounts(plain[index] ?? readMarkdown('')));
    });
    const visible = readings.map((reading) => reading.visible).join('\n');
    expect(visible).toContain('Support');
    expect(visible).toContain('Track your refund here');
    expect(visible).not.toContain('https://');
    expect(visible).not.toContain('evil.example');
    for (const title of robot.plain(body)) {
      expect(title).toContain('Support');
      expect(title).not.toContain('https://');
    }
  });
});

describe('customer text in robot markdown, exactly', () => {
  it.each(['dingtalk', 'wecom', 'feishu'] as const)(
    'writes the brackets of %s as look-alikes and breaks the URLs, keeping Rapport’s bold labels',
    (type) => {
      // Act
      const [markdown] = robots[type].markdown(render(robots[type], batch(hostileName, hostileText)));

      // Assess
      expect(markdown).toContain('- **Customer**: ［Support］(https꞉∕/evil․example/n)');
      expect(markdown).toContain(
        '- **Message**: Hello ［Track your refund here］(https꞉∕/evil․example/login) !［x］(https꞉∕/evil․example/p․png)',
      );
    },
  );

  it('writes the heading with the customer’s name in it as a heading of plain text for DingTalk and WeCom', () => {
    for (const type of ['dingtalk', 'wecom'] as const) {
      const body = render(robots[type], batch(hostileName, hostileText));
      const source = robots[type].markdown(body)[0] ?? '';
      expect(source.startsWith('### Any message: ［Support］(https꞉∕/evil․example/n) wrote to us\n')).toBe(
        true,
      );
      expect(readMarkdown(source).counts.heading_open).toBe(1);
    }
  });

  it('turns WeCom and Feishu mention and font tags into text that mentions no one', () => {
    for (const type of ['wecom', 'feishu'] as const) {
      // Act
      const [markdown] = robots[type].markdown(
        render(robots[type], batch('<@all>', '<at id=all></at> <font color="info">x</font>')),
      );

      // Assess
      expect(markdown).toContain('‹＠all›');
      expect(markdown).toContain('‹at id=all›‹/at› ‹font color="info"›x‹/font›');
    }
  });
});

describe('customer text in Slack mrkdwn, exactly', () => {
  it('escapes Slack’s control characters, swaps its formatting characters and sends the texts verbatim', () => {
    // Act
    const body = render(
      robots.slack,
      batch(
        '*Boss* <!channel>',
        '> _urgent_ ~now~ `code` @here #general & <https://evil.example|click> [x](y)',
      ),
    );

    // Assess
    const fields = body.blocks?.[1]?.fields ?? [];
    expect(fields[0]).toEqual({
      type: 'mrkdwn',
      text: '*Customer*\n∗Boss∗ &lt;!channel&gt;',
      verbatim: true,
    });
    expect(fields.at(-1)?.text).toBe(
      '*Message*\n\u00AD&gt; ˍurgentˍ ∼now∼ ˋcodeˋ ＠here ＃general &amp; &lt;https꞉∕/evil․example|click&gt; ［x］(y)',
    );
    expect(body.blocks?.at(-1)?.elements?.[0]?.verbatim).toBe(true);
  });
});

describe('URLs a customer wrote', () => {
  it('lose the colon, double slash and dots that make them links', () => {
    expect(
      withoutAutolinks('https://evil.example/login mailto:a@b.co //cdn.example/x www.evil.com 10.0.0.1'),
    ).toBe('https꞉∕/evil․example/login mailto꞉a＠b․co ∕/cdn․example/x www․evil․com 10․0․0.1');
  });

  it('leave prices, times and sentences as they are', () => {
    expect(withoutAutolinks('Paid $1,234.50 at 12:30. Thanks: see you')).toBe(
      'Paid $1,234.50 at 12:30. Thanks: see you',
    );
  });
});
