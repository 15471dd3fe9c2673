import { createHmac } from 'node:crypto';
import { whatsappText } from '../helpers/signed-requests';
import type { StandIn } from '../helpers/stand-ins/scripted-stand-in';
import type { Meter } from './dynamo-meter';

/** What the reply bench needs from the running host. */
export interface ReplyBenchHost {
  url: string;
  apiToken: string;
  settle(): Promise<void>;
}

/** The figures of the reply bench. */
export interface ReplyFigures {
  replies: number;
  acceptedMs: number[];
  toPlatformMs: number[];
  requestsPerReply: number;
  writeUnitsPerReply: number;
  requestsPerStatusCallback: number;
  writeUnitsPerStatusCallback: number;
  finalStatuses: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Replies through the API to customers who wrote on WhatsApp, with the WhatsApp Cloud API played by
 * a stand-in: how long the API takes to accept a reply (202, durably queued), how long until the
 * platform is called (relay → bus → send-messages → Graph API), and the DynamoDB requests and write
 * units of a reply (API, relay-free path to the send) and of a status callback (`delivered`, then
 * `read`, signed Meta webhooks carrying Rapport's id in `biz_opaque_callback_data`).
 *
 * @example
 * const figures = await benchReplies(host, meter, graphStandIn, 'bench-meta-secret', 200);
 */
export async function benchReplies(
  host: ReplyBenchHost,
  meter: Meter,
  graph: StandIn,
  metaSecret: string,
  replies: number,
): Promise<ReplyFigures> {
  const postMeta = async (payload: object) => {
    const body = Buffer.from(JSON.stringify(payload));
    const signature = createHmac('sha256', metaSecret).update(body).digest('hex');
    const response = await fetch(`${host.url}/webhooks/meta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`meta webhook answered ${response.status}`);
  };
  const api = async (method: string, path: string, payload?: unknown) => {
    const response = await fetch(`${host.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${host.apiToken}`,
        ...(payload ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload ? { body: JSON.stringify(payload) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  // Customers write first: replies go inside WhatsApp's 24-hour window.
  const now = Math.floor(Date.now() / 1000);
  const waIds = Array.from({ length: replies }, (_, index) => `1415556${String(index).padStart(4, '0')}`);
  for (let start = 0; start < replies; start += 50) {
    await Promise.all(
      waIds
        .slice(start, start + 50)
        .map((waId) =>
          postMeta(whatsappText(waId, `wamid.reply.in.${waId}`, 'Is my order on its way?', String(now))),
        ),
    );
  }
  await host.settle();
  const conversationIds: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await api(
      'GET',
      `/api/conversations?platform=whatsapp&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    for (const item of page.body.items as Array<{ id: string; preview?: string }>) {
      if (item.preview === 'Is my order on its way?') conversationIds.push(item.id);
    }
    cursor = page.body.cursor as string | null;
  } while (cursor);
  if (conversationIds.length < replies)
    throw new Error(`only ${conversationIds.length} conversations opened`);

  // Replies, a few at a time as agents would send them.
  meter.reset();
  const acceptedMs: number[] = [];
  const toPlatformMs: number[] = [];
  const messageIds: string[] = [];
  const concurrency = 8;
  for (let start = 0; start < replies; start += concurrency) {
    await Promise.all(
      conversationIds.slice(start, start + concurrency).map(async (conversationId) => {
        const started = performance.now();
        const answer = await api('POST', `/api/conversations/${conversationId}/messages`, {
          text: 'Yes: it left our warehouse this morning.',
        });
        const accepted = performance.now();
        if (answer.status !== 202)
          throw new Error(`reply answered ${answer.status} ${JSON.stringify(answer.body)}`);
        acceptedMs.push(accepted - started);
        const id = answer.body.id as string;
        messageIds.push(id);
        // The platform request carries Rapport's id in biz_opaque_callback_data.
        while (!graph.requests.some((request) => request.body.includes(id))) {
          if (performance.now() - accepted > 30_000)
            throw new Error(`reply ${id} never reached the platform`);
          await sleep(2);
        }
        toPlatformMs.push(performance.now() - accepted);
      }),
    );
  }
  await host.settle();
  const replyRequests = sum(meter.requests, ['serve-api', 'send-messages']);
  const replyWrites = sum(meter.writeUnits, ['serve-api', 'send-messages']);

  // Status callbacks: delivered, then read, for every reply.
  meter.reset();
  const conversationsByMessage = new Map(messageIds.map((id, index) => [id, waIds[index] as string]));
  for (const status of ['delivered', 'read'] as const) {
    for (let start = 0; start < messageIds.length; start += 50) {
      await Promise.all(
        messageIds
          .slice(start, start + 50)
          .map((id) =>
            postMeta(statusCallback(conversationsByMessage.get(id) as string, id, status, now + 5)),
          ),
      );
    }
  }
  await host.settle();
  const callbacks = messageIds.length * 2;
  const statusRequests = meter.requests['receive-meta'] ?? 0;
  const statusWrites = meter.writeUnits['receive-meta'] ?? 0;

  const finalStatuses: Record<string, number> = {};
  for (const conversationId of conversationIds.slice(0, replies)) {
    const conversation = await api('GET', `/api/conversations/${conversationId}`);
    for (const message of conversation.body.messages as Array<{ direction: string; status?: string }>) {
      if (message.direction === 'out')
        finalStatuses[message.status ?? '?'] = (finalStatuses[message.status ?? '?'] ?? 0) + 1;
    }
  }
  return {
    replies,
    acceptedMs,
    toPlatformMs,
    requestsPerReply: replyRequests / replies,
    writeUnitsPerReply: replyWrites / replies,
    requestsPerStatusCallback: statusRequests / callbacks,
    writeUnitsPerStatusCallback: statusWrites / callbacks,
    finalStatuses,
  };
}

function sum(counts: Record<string, number>, names: string[]): number {
  return names.reduce((total, name) => total + (counts[name] ?? 0), 0);
}

/** A WhatsApp `statuses` webhook for one of Rapport's messages (its id echoed back). */
function statusCallback(waId: string, messageId: string, status: 'delivered' | 'read', timestamp: number) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '264937493375603',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550953877', phone_number_id: '277321005464405' },
              statuses: [
                {
                  id: `wamid.${messageId}`,
                  status,
                  timestamp: String(timestamp),
                  recipient_id: waId,
                  biz_opaque_callback_data: messageId,
                },
              ],
            },
          },
        ],
      },
    ],
  };
}
