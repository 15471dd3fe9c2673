import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RefusedDestinationError } from '../../../shared/delivery/safe-post';
import { createTransports } from '../../../shared/delivery/transports';
import { thrownSendOutcome } from '../../../shared/outbound/senders/sent-request-outcome';

const systemError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('thrownSendOutcome', () => {
  it('answers failed, ours, for a destination Rapport refused to reach', () => {
    // Act
    const outcome = thrownSendOutcome(new RefusedDestinationError('destinations must use https'));

    // Assess
    expect(outcome).toMatchObject({ kind: 'failed', code: 'refused_destination', ours: true });
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'CERT_HAS_EXPIRED'])(
    'answers retry for %s: no byte reached the platform',
    (code) => {
      expect(thrownSendOutcome(systemError(code)).kind).toBe('retry');
    },
  );

  it('reads the code of an error wrapped as a cause', () => {
    expect(thrownSendOutcome(new Error('fetch failed', { cause: systemError('ENOTFOUND') })).kind).toBe(
      'retry',
    );
  });

  it.each([
    ['a timeout', new Error('no answer within 5000 ms')],
    ['a reset connection', systemError('ECONNRESET')],
    ['a broken pipe', systemError('EPIPE')],
    ['something else thrown', 'boom'],
  ])('answers unknown for %s: the platform may have the message', (_, error) => {
    expect(thrownSendOutcome(error).kind).toBe('unknown');
  });

  it('classifies what safePost really throws: refused connection retry, hanging platform unknown', async () => {
    // Prepare: a port nobody listens on, and a server that never answers.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const hangingPort = (hanging.address() as AddressInfo).port;
    const transports = createTransports({
      allowLoopbackHttp: true,
      emailFrom: '',
      sesConfigurationSet: '',
      emailOutboxDir: '',
      timeoutMs: 200,
      userAgent: 'Rapport-test/1',
    });
    const post = (port: number) =>
      transports.post({ url: `http://127.0.0.1:${port}/send`, headers: {}, body: '{}' }).then(
        () => undefined,
        (error: unknown) => error,
      );

    // Act
    const refused = thrownSendOutcome(await post(closedPort));
    const lost = thrownSendOutcome(await post(hangingPort));
    hanging.closeAllConnections();
    hanging.close();

    // Assess
    expect(refused.kind).toBe('retry');
    expect(lost.kind).toBe('unknown');
  });
});
