import { channelSecretSettings } from '../shared/channels/channel-names';
import { webhookChannels } from '../shared/http/routes';
import { channelSecretInput, UsageError } from './channel-secret-input';
import type { DeployedStack } from './deployed-stack';

/** The stack output holding a secret setting's ARN (`SHOPIFY_WEBHOOK_SECRET` → `SHOPIFYWEBHOOKSECRETArn`). */
const secretOutput = (setting: string) => `${setting.replaceAll('_', '')}Arn`;

/**
 * `rapport urls --stack <name>`: each channel's webhook URL, the API and health, from the outputs.
 *
 * @example
 * process.stdout.write(await stackUrls(stack));
 */
export async function stackUrls(stack: DeployedStack): Promise<string> {
  const outputs = await stack.outputs();
  const api = (outputs.ApiUrl ?? '').replace(/\/$/, '');
  return [
    ...webhookChannels.map(
      (channel) => `${channel.padEnd(12)} ${outputs[`${channel}WebhookUrl`] ?? '(no output)'}`,
    ),
    `${'api'.padEnd(12)} ${api}/api`,
    `${'health'.padEnd(12)} ${api}/health`,
  ].join('\n');
}

/**
 * `rapport secrets set <channel> --stack <name>`: puts each `NAME=value` line (stdin) into the
 * channel's Secrets Manager secret named by the stack's outputs; only the channel's own settings.
 *
 * @example
 * await setStackSecrets(stack, 'shopify', 'SHOPIFY_WEBHOOK_SECRET=…'); // ['SHOPIFY_WEBHOOK_SECRET']
 */
export async function setStackSecrets(
  stack: DeployedStack,
  channel: string,
  input: string,
): Promise<string[]> {
  const { values: given } = channelSecretInput(channel, input);
  const names = Object.keys(given);
  const outputs = await stack.outputs();
  for (const name of names) {
    const arn = outputs[secretOutput(name)];
    if (!arn) throw new UsageError(`The stack has no output ${secretOutput(name)}: is it a Rapport stack?`);
    await stack.putSecret(arn, given[name] ?? '');
  }
  return names;
}

/** What `rapport status --stack` found. */
export interface StackStatus {
  channels: Array<{ channel: string; configured: boolean; lastStored?: Date }>;
  deadLetters: Array<{ queue: string; messages: number }>;
  alarms: Array<{ name: string; reason: string }>;
}

/**
 * `rapport status --stack <name>`: which channels have their secrets and when each last stored a
 * webhook, the messages waiting in each dead-letter queue, and the alarms in ALARM.
 *
 * @example
 * const status = await stackStatus(stack);
 */
export async function stackStatus(stack: DeployedStack): Promise<StackStatus> {
  const outputs = await stack.outputs();
  const channels = await Promise.all(
    webhookChannels.map(async (channel) => {
      const checks = await Promise.all(
        channelSecretSettings[channel].required.map((setting) => {
          const arn = outputs[secretOutput(setting)];
          return arn ? stack.secretIsSet(arn) : Promise.resolve(false);
        }),
      );
      const lastStored = await stack.lastStoredWebhook(channel);
      return { channel, configured: checks.every(Boolean), ...(lastStored ? { lastStored } : {}) };
    }),
  );
  const queues = await stack.deadLetterQueues();
  const deadLetters = await Promise.all(
    queues.map(async (queue) => ({ queue: queue.logicalId, messages: await stack.queueDepth(queue.url) })),
  );
  return { channels, deadLetters, alarms: await stack.alarmsInAlarm() };
}

/**
 * The status as an operator reads it.
 *
 * @example
 * process.stdout.write(stackStatusText(status));
 */
export function stackStatusText(status: StackStatus): string {
  return [
    'channels:',
    ...status.channels.map(
      (entry) =>
        `  ${entry.channel.padEnd(12)} ${(entry.configured ? 'configured' : 'not configured').padEnd(15)} last stored: ${entry.lastStored ? entry.lastStored.toISOString() : 'none in 14 days'}`,
    ),
    'dead-letter queues:',
    ...status.deadLetters.map((entry) => `  ${entry.queue}: ${entry.messages}`),
    `alarms in ALARM: ${status.alarms.length === 0 ? 'none' : ''}`,
    ...status.alarms.map((alarm) => `  ${alarm.name}: ${alarm.reason}`),
  ].join('\n');
}

/** How a redrive of the stack's dead-letter queues went. */
export interface StackRedrive {
  redriven: number;
  /** Stream-batch pointers (the relay's DLQ): replay them from the stream, see docs/runbook.md. */
  notRedrivable: number;
}

/** The function and payload a dead-lettered message asks to run again, if it names them. */
function invocationOf(message: { body: string; attributes: Record<string, string> }) {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(message.body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  // Lambda's failure record of an asynchronous invocation (a consumer or a job that threw).
  const context = body.requestContext as { functionArn?: string } | undefined;
  if (context?.functionArn && 'requestPayload' in body) {
    return { functionArn: context.functionArn, payload: body.requestPayload };
  }
  // EventBridge's and the scheduler's dead letter: the event as sent, the target as an attribute.
  if (message.attributes.TARGET_ARN) return { functionArn: message.attributes.TARGET_ARN, payload: body };
  return undefined;
}

/**
 * `rapport redrive --stack <name>`: every message in the stack's dead-letter queues that names a
 * function and its payload is invoked again asynchronously (consumers are idempotent) and then
 * deleted; what cannot be redriven this way (the relay's stream-batch pointers) stays.
 *
 * @example
 * const { redriven, notRedrivable } = await redriveStack(stack);
 */
export async function redriveStack(stack: DeployedStack, maxPerQueue = 1000): Promise<StackRedrive> {
  let redriven = 0;
  let notRedrivable = 0;
  for (const queue of await stack.deadLetterQueues()) {
    for (let seen = 0; seen < maxPerQueue; ) {
      const messages = await stack.receive(queue.url);
      if (messages.length === 0) break;
      seen += messages.length;
      for (const message of messages) {
        const invocation = invocationOf(message);
        if (!invocation) {
          notRedrivable += 1;
          continue;
        }
        await stack.invokeAsync(invocation.functionArn, invocation.payload);
        await stack.deleteMessage(queue.url, message.receiptHandle);
        redriven += 1;
      }
    }
  }
  return { redriven, notRedrivable };
}

/**
 * `rapport users add <email> --role viewer|admin --stack <name>`: a Cognito user invited by email,
 * in the group of their role.
 *
 * @example
 * await addStackUser(stack, 'mia@shop.example', 'viewer');
 */
export async function addStackUser(stack: DeployedStack, email: string, role: string): Promise<void> {
  if (role !== 'admin' && role !== 'viewer') throw new UsageError('--role is admin or viewer');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new UsageError(`${email} is not an email address`);
  const userPoolId = (await stack.outputs()).UserPoolId;
  if (!userPoolId) throw new UsageError('The stack has no UserPoolId output: is it a Rapport stack?');
  await stack.addUser(userPoolId, email, role);
}
