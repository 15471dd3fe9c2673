import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTransports, type Transports } from '../../../shared/delivery/transports';
import type { SendRequest } from '../../../shared/outbound/platform-sender';
import { createEmailSender } from '../../../shared/outbound/senders/email-sender';

const from = 'Blue Kettle <care@bluekettle.example>';
const now = () => new Date('2026-12-04T08:00:00.000Z');

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  messageId: '01JDQ8V7Y3K2M4N5P6Q7R8S9T0',
  platform: 'email',
  to: 'ada@example.com',
  subject: 'Your order #1001',
  content: { kind: 'text', text: 'Your parcel left the warehouse today.\nThank you!' },
  ...overrides,
});

/** One header of a raw MIME message, unfolded (RFC 5322 §2.2.3). */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r\n\r\n/)[0]?.replace(/\r\n[ \t]+/g, ' ') ?? '';
  const line = head.split('\r\n').find((entry) => entry.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** Transports whose email path throws the given error, as the SES client or the network would. */
function failingTransports(error: unknown): Transports {
  return {
    post: () => Promise.reject(new Error('not used')),
    sendEmail: () => Promise.reject(error),
    publishSns: () => Promise.reject(new Error('not used')),
  };
}

const sdkError = (name: string, message: string, fault: 'client' | 'server', status: number) =>
  Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status } });

describe('email sender', () => {
  let outbox: string;
  let transports: Transports;

  beforeEach(async () => {
    outbox = await mkdtemp(join(tmpdir(), 'rapport-email-sender-'));
    transports = createTransports({
      allowLoopbackHttp: true,
      emailFrom: from,
      sesConfigurationSet: '',
      emailOutboxDir: outbox,
      timeoutMs: 400,
      userAgent: 'Rapport-test/1',
    });
  });
  afterEach(() => rm(outbox, { recursive: true, force: true }));

  async function written(): Promise<string> {
    const files = await readdir(outbox);
    expect(files).toEqual(['01JDQ8V7Y3K2M4N5P6Q7R8S9T0.eml']);
    return readFile(join(outbox, files[0] ?? ''), 'utf8');
  }

  it('writes a plain-text MIME message from MESSAGE_EMAIL_FROM with the subject and a Message-ID holding the message id', async () => {
    // Act
    const outcome = await createEmailSender({ from, now }, transports).send(request());

    // Assess
    expect(outcome).toEqual({ kind: 'sent' });
    const raw = await written();
    expect(header(raw, 'From')).toBe('Blue Kettle <care@bluekettle.example>');
    expect(header(raw, 'To')).toBe('ada@example.com');
    expect(header(raw, 'Subject')).toBe('Your order #1001');
    expect(header(raw, 'Message-ID')).toBe('<01JDQ8V7Y3K2M4N5P6Q7R8S9T0@bluekettle.example>');
    expect(header(raw, 'X-Rapport-Message')).toBe('01JDQ8V7Y3K2M4N5P6Q7R8S9T0');
    expect(header(raw, 'Date')).toBe('Fri, 04 Dec 2026 08:00:00 +0000');
    expect(header(raw, 'Content-Type')).toMatch(/^text\/plain; charset=utf-8/);
    expect(header(raw, 'List-Unsubscribe')).toBeUndefined();
    expect(raw).toContain('Your parcel left the warehouse today.');
  });

  it('adds List-Unsubscribe and the RFC 8058 one-click header when an unsubscribe URL is given', async () => {
    // Act
    await createEmailSender({ from, now }, transports).send(
      request({ unsubscribeUrl: 'https://crm.bluekettle.example/unsubscribe/tok_123?c=spring' }),
    );

    // Assess
    const raw = await written();
    expect(header(raw, 'List-Unsubscribe')).toBe(
      '<https://crm.bluekettle.example/unsubscribe/tok_123?c=spring>',
    );
    expect(header(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('keeps a subject with a line break on one header line', async () => {
    // Act
    await createEmailSender({ from, now }, transports).send(
      request({ subject: 'Hello\r\nBcc: eve@example.com' }),
    );

    // Assess
    const raw = await written();
    expect(header(raw, 'Bcc')).toBeUndefined();
    expect(header(raw, 'Subject')).toBe('Hello Bcc: eve@example.com');
  });

  it('answers failed not_configured without sending when MESSAGE_EMAIL_FROM is missing', async () => {
    // Act
    const outcome = await createEmailSender({ from: '' }, transports).send(request());

    // Assess
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'not_configured',
      reason: 'Email is not configured: set MESSAGE_EMAIL_FROM',
      ours: true,
    });
    expect(await readdir(outbox)).toEqual([]);
  });

  it('answers failed, not ours, for a recipient that is not an email address', async () => {
    // Act
    const outcome = await createEmailSender({ from }, transports).send(request({ to: '+14155550123' }));

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'invalid_recipient', ours: false });
  });

  it('answers failed, ours, when SES rejects the message (a client fault)', async () => {
    // Prepare
    const rejecting = failingTransports(
      sdkError('MessageRejected', 'Email address is not verified.', 'client', 400),
    );

    // Act
    const outcome = await createEmailSender({ from }, rejecting).send(request());

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'MessageRejected', ours: true });
  });

  it.each([
    ['TooManyRequestsException', 'client', 429],
    ['LimitExceededException', 'client', 400],
    ['InternalFailure', 'server', 500],
  ] as const)('answers retry when SES answers %s', async (name, fault, status) => {
    // Prepare
    const throttled = failingTransports(sdkError(name, 'Slow down', fault, status));

    // Act
    const outcome = await createEmailSender({ from }, throttled).send(request());

    // Assess
    expect(outcome.kind).toBe('retry');
  });

  it('answers retry when SES could not be reached, and unknown when its answer was lost', async () => {
    // Prepare
    const refused = failingTransports(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );
    const lost = failingTransports(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    // Act
    const never = await createEmailSender({ from }, refused).send(request());
    const maybe = await createEmailSender({ from }, lost).send(request());

    // Assess
    expect(never.kind).toBe('retry');
    expect(maybe.kind).toBe('unknown');
  });
});
