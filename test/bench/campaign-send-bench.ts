import type { StandIn } from '../helpers/stand-ins/scripted-stand-in';
import type { Meter } from './dynamo-meter';

/** What the campaign send bench needs from the running host. */
export interface CampaignSendHost {
  url: string;
  apiToken: string;
  settle(): Promise<void>;
}

/** The figures of one campaign send. */
export interface CampaignSendFigures {
  treatment: number;
  messaged: number;
  seconds: number;
  membersPerSecond: number;
  requestsPerMember: number;
  writeUnitsPerMember: number;
  peakRequestsPerSecond: number;
  duplicates: number;
  delivery: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A campaign with a WhatsApp template to everyone who has written (the customers the bench's
 * earlier sections created), started through the API and run by the real path: the enrolment job,
 * `run-campaigns` (the message step, exactly once per member), `send-messages` with the platform's
 * pace, the Cloud API played by a stand-in. Measures members messaged per second, DynamoDB
 * requests and write units per member (every function of the path), the peak requests per second
 * the platform saw (WhatsApp's default pace is 80 messages/s), and that nobody got two messages.
 *
 * @example
 * const figures = await benchCampaignSend(host, meter, graph);
 */
export async function benchCampaignSend(
  host: CampaignSendHost,
  meter: Meter,
  graph: StandIn,
): Promise<CampaignSendFigures> {
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
  await host.settle();
  const before = graph.requests.length;
  meter.reset();
  const started = performance.now();
  const created = await api('POST', '/api/campaigns', {
    name: 'Bench win-back',
    audience: { if: [{ path: 'customer.stats.messages', op: 'gte', value: 1 }] },
    holdoutPercent: 10,
    endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    goal: { on: 'order.placed', withinDays: 14 },
    message: {
      platforms: ['whatsapp'],
      template: { name: 'winback', language: 'en_US', parameters: ['{{customer.firstName|there}}'] },
    },
  });
  if (created.status !== 201)
    throw new Error(`campaign answered ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;

  // Wait until enrolment is done and every treatment member's message has reached the platform.
  const arrivals: number[] = [];
  let seen = before;
  let treatment = 0;
  let messaged = 0;
  for (let idle = 0; idle < 150; ) {
    await sleep(100);
    while (seen < graph.requests.length) {
      arrivals.push(performance.now());
      seen += 1;
    }
    const campaign = await api('GET', `/api/campaigns/${id}`);
    const results = await api('GET', `/api/campaigns/${id}/results`);
    treatment = (results.body.treatment as { customers: number }).customers;
    messaged = graph.requests.length - before;
    const enrolled = (campaign.body.enrolment as { done?: boolean } | undefined)?.done;
    if (enrolled && treatment > 0 && messaged >= treatment) break;
    idle = messaged === arrivals.length ? idle + 1 : 0;
  }
  const seconds = (performance.now() - started) / 1000;
  await host.settle();

  // Peak arrivals in any one-second window.
  let peak = 0;
  for (let first = 0, last = 0; last < arrivals.length; last += 1) {
    while ((arrivals[last] as number) - (arrivals[first] as number) >= 1000) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  const recipients = graph.requests
    .slice(before)
    .map((request) => (JSON.parse(request.body) as { to?: string }).to ?? '');
  const duplicates = recipients.length - new Set(recipients).size;
  const functions = [
    'enrol-campaign-audiences',
    'run-campaigns',
    'send-messages',
    'resend-waiting-messages',
    'serve-api',
  ];
  const requests = functions.reduce((total, name) => total + (meter.requests[name] ?? 0), 0);
  const writes = functions.reduce((total, name) => total + (meter.writeUnits[name] ?? 0), 0);
  const results = await api('GET', `/api/campaigns/${id}/results`);
  return {
    treatment,
    messaged,
    seconds,
    membersPerSecond: messaged / seconds,
    requestsPerMember: requests / Math.max(1, treatment),
    writeUnitsPerMember: writes / Math.max(1, treatment),
    peakRequestsPerSecond: peak,
    duplicates,
    delivery: results.body.delivery,
  };
}
