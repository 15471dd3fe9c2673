import '../config/zod-messages';
import * as z from 'zod/mini';

const url = z.string().check(z.maxLength(2048), z.url());
const secret = z.string().check(z.minLength(1), z.maxLength(256));
const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM'));

const common = {
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  /** The language of the alert texts. */
  locale: z._default(z.enum(['en', 'zh']), 'en'),
  /** Alerts are held during these hours (in the time zone) and go out when they end. */
  quietHours: z.optional(
    z.object({
      start: time,
      end: time,
      timeZone: z.string().check(
        z.refine(
          (zone) => {
            try {
              new Intl.DateTimeFormat('en', { timeZone: zone });
              return true;
            } catch {
              return false;
            }
          },
          { message: 'an IANA time zone such as Asia/Shanghai' },
        ),
      ),
    }),
  ),
};

/**
 * An alert destination (public contract): a signed webhook, Slack, email, SNS, or the WeCom, DingTalk and
 * Feishu group robots (the last two signed when a secret is set).
 *
 * @example
 * destinationSchema.parse({ type: 'dingtalk', name: 'Ops', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=…', secret: 'SEC…' });
 */
export const destinationSchema = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('webhook'), url, secret: z.optional(secret) }),
  z.object({ ...common, type: z.literal('slack'), webhookUrl: url }),
  z.object({
    ...common,
    type: z.literal('email'),
    to: z.array(z.email()).check(z.minLength(1), z.maxLength(50)),
  }),
  z.object({
    ...common,
    type: z.literal('sns'),
    topicArn: z
      .string()
      .check(
        z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, 'an SNS topic ARN'),
      ),
  }),
  z.object({ ...common, type: z.literal('wecom'), webhookUrl: url }),
  z.object({ ...common, type: z.literal('dingtalk'), webhookUrl: url, secret: z.optional(secret) }),
  z.object({ ...common, type: z.literal('feishu'), webhookUrl: url, secret: z.optional(secret) }),
]);

export type Destination = z.infer<typeof destinationSchema>;

/**
 * The URL a destination calls, if it calls one.
 *
 * @example
 * destinationUrl({ type: 'slack', webhookUrl: 'https://hooks.slack.com/…', ... }); // 'https://hooks.slack.com/…'
 */
export function destinationUrl(destination: Destination): string | undefined {
  if (destination.type === 'webhook') return destination.url;
  if ('webhookUrl' in destination) return destination.webhookUrl;
  return undefined;
}
