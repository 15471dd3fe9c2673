import * as z from 'zod/mini';
import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { FactBatch, messagingCustomer, readJsonEnvelope } from '../facts-builder';
import { epochToIso } from '../timestamps';
import { hmac, safeEqual } from '../verify-hmac';

const directMessageEvent = z.looseObject({
  type: z.string(),
  id: z.string().check(z.minLength(1)),
  created_timestamp: z.union([z.string(), z.number()]),
  message_create: z.optional(
    z.looseObject({
      sender_id: z.string(),
      target: z.optional(z.looseObject({ recipient_id: z.string() })),
      message_data: z.optional(
        z.looseObject({
          text: z._default(z.string(), ''),
          attachment: z.optional(
            z.looseObject({
              media: z.optional(
                z.looseObject({ id_str: z.optional(z.string()), media_url_https: z.optional(z.string()) }),
              ),
            }),
          ),
        }),
      ),
    }),
  ),
});

const tweet = z.looseObject({
  id_str: z.string().check(z.minLength(1)),
  created_at: z.string(),
  text: z.optional(z.string()),
  full_text: z.optional(z.string()),
  extended_tweet: z.optional(z.looseObject({ full_text: z.optional(z.string()) })),
  in_reply_to_status_id_str: z.nullish(z.string()),
  user: z.looseObject({
    id_str: z.string(),
    name: z.optional(z.string()),
    screen_name: z.optional(z.string()),
  }),
});

/**
 * An Account Activity API delivery.
 *
 * @example
 * xActivitySchema.safeParse(body);
 */
export const xActivitySchema = z.looseObject({
  for_user_id: z.string().check(z.minLength(1)),
  direct_message_events: z.optional(z.array(z.unknown())),
  tweet_create_events: z.optional(z.array(z.unknown())),
  users: z.optional(
    z.record(
      z.string(),
      z.looseObject({ name: z.optional(z.string()), screen_name: z.optional(z.string()) }),
    ),
  ),
});

/**
 * The CRC answer: `sha256=` + base64 HMAC-SHA256 of the `crc_token` with the consumer secret.
 *
 * @example
 * xCrcResponse('foo', 'CONSUMER_SECRET'); // 'sha256=qTmiWiqH13R5Z5Y4RW/+AoGG5hTlOdsX6WXj5p9LDiY='
 */
export function xCrcResponse(crcToken: string, consumerSecret: string): string {
  return `sha256=${hmac('sha256', consumerSecret, crcToken, 'base64')}`;
}

/**
 * Verifies `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`.
 *
 * @example
 * verifyXSignature(rawBody, headers['x-twitter-webhooks-signature'], secret);
 */
export function verifyXSignature(
  rawBody: Buffer,
  header: string | undefined,
  consumerSecret: string,
): boolean {
  if (!header || header.length > 128 || !header.startsWith('sha256=')) return false;
  return safeEqual(hmac('sha256', consumerSecret, rawBody, 'base64'), header.slice('sha256='.length).trim());
}

/**
 * Reads an Account Activity delivery: direct messages to the account become messages, mentions
 * and replies become comments; what the account itself sent is skipped.
 *
 * @example
 * readXActivity(rawBody);
 */
export function readXActivity(rawBody: Buffer) {
  const envelope = readJsonEnvelope(rawBody, xActivitySchema, 'x');
  if (!envelope.ok) return envelope.result;
  const batch = new FactBatch();
  const activity = envelope.value;
  activity.direct_message_events?.forEach((raw, index) => {
    const event = directMessageEvent.safeParse(raw);
    if (!event.success) {
      batch.problem(`direct_message_events.${index}`, event.error.issues);
      return;
    }
    const create = event.data.message_create;
    const occurredAt = epochToIso(event.data.created_timestamp);
    if (event.data.type !== 'message_create' || !create || !occurredAt) {
      batch.ignore(event.data.type);
      return;
    }
    if (create.sender_id === activity.for_user_id) {
      batch.ignore('outbound_dm');
      return;
    }
    const sender = activity.users?.[create.sender_id];
    const media = create.message_data?.attachment?.media;
    batch.add({
      kind: 'message',
      customer: messagingCustomer(
        { kind: 'x', value: create.sender_id },
        sender?.name ? { name: sender.name } : {},
      ),
      message: {
        eventType: 'message.received',
        platform: 'x',
        id: event.data.id,
        conversationId: [create.sender_id, activity.for_user_id].sort().join('-'),
        occurredAt,
        text: create.message_data?.text ?? '',
        kind: media ? 'media' : 'text',
        media: media ? [media.media_url_https ?? media.id_str ?? ''].filter(Boolean) : [],
      },
    });
  });
  activity.tweet_create_events?.forEach((raw, index) => {
    const post = tweet.safeParse(raw);
    if (!post.success) {
      batch.problem(`tweet_create_events.${index}`, post.error.issues);
      return;
    }
    const occurredAt = Number.isNaN(Date.parse(post.data.created_at))
      ? undefined
      : new Date(post.data.created_at).toISOString();
    if (post.data.user.id_str === activity.for_user_id || !occurredAt) {
      batch.ignore('own_tweet');
      return;
    }
    batch.add({
      kind: 'message',
      customer: messagingCustomer(
        { kind: 'x', value: post.data.user.id_str },
        post.data.user.name ? { name: post.data.user.name } : {},
      ),
      message: {
        eventType: 'comment.received',
        platform: 'x',
        id: post.data.id_str,
        ...(post.data.in_reply_to_status_id_str
          ? { conversationId: post.data.in_reply_to_status_id_str }
          : {}),
        occurredAt,
        text: post.data.extended_tweet?.full_text ?? post.data.full_text ?? post.data.text ?? '',
        kind: post.data.in_reply_to_status_id_str ? 'reply' : 'mention',
        media: [],
      },
    });
  });
  if (batch.facts.length === 0 && batch.problems.length === 0 && batch.ignored.length === 0) {
    batch.ignore(Object.keys(activity).find((key) => key.endsWith('_events')) ?? 'activity');
  }
  return batch.result('x');
}

/**
 * The X channel (Account Activity API): `GET` answers the CRC challenge, `POST` checks
 * `x-twitter-webhooks-signature`.
 *
 * @example
 * xChannel.handshake?.(request, { X_CONSUMER_SECRET: 'secret' });
 */
export const xChannel: ChannelAdapter = {
  channel: 'x',
  secretSettings: channelSecretSettings.x.required,
  verify: (request, secrets) =>
    verifyXSignature(
      request.rawBody,
      request.headers['x-twitter-webhooks-signature'],
      secrets.X_CONSUMER_SECRET ?? '',
    ),
  read: (request) => readXActivity(request.rawBody),
  handshake: (request, secrets) => {
    const token = request.query.crc_token;
    if (!token || token.length > 512) {
      return { kind: 'refused', status: 400, error: 'bad_handshake', message: 'Expected a crc_token.' };
    }
    return {
      kind: 'answer',
      contentType: 'application/json',
      body: JSON.stringify({ response_token: xCrcResponse(token, secrets.X_CONSUMER_SECRET ?? '') }),
    };
  },
  replayHeaders: ['x-twitter-webhooks-signature'],
};
