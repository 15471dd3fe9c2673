import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress, urlRefusal } from './destination-url';
import type { HttpAnswer } from './http-answer';

/** One HTTP POST out of Rapport: to a webhook, a chat robot, a messaging platform's API. */
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A destination URL refused at send time (not https, or resolving to a private address). */
export class RefusedDestinationError extends Error {
  override name = 'RefusedDestinationError';
}

/** Answers are read up to this size: robots answer a line of JSON. */
const maxAnswerBytes = 64 * 1024;

/**
 * A DNS lookup that refuses private, loopback and link-local answers (except loopback when
 * allowed), used as the connection's own lookup so the address checked is the address connected
 * to: a name re-pointed after the destination was saved (DNS rebinding) is refused.
 */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const allowed = list.filter(
        (entry) =>
          !isPrivateAddress(entry.address) ||
          (allowLoopback && (entry.address === '127.0.0.1' || entry.address === '::1')),
      );
      const [first] = allowed;
      if (!first) {
        return callback(
          new RefusedDestinationError(`${hostname} resolves to a private, loopback or link-local address`),
          '',
          0,
        );
      }
      if ((options as { all?: boolean }).all)
        return (callback as never as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * POSTs a request with a timeout, after checking the URL again (https, or loopback http under
 * `npm start`) and resolving its host through a lookup that refuses private addresses, so the
 * address checked is the address connected to.
 *
 * @example
 * const answer = await safePost(request, { allowLoopbackHttp: false, timeoutMs: 5000, userAgent: 'Rapport-Alerts/1' });
 */
export function safePost(
  request: OutgoingRequest,
  options: { allowLoopbackHttp: boolean; timeoutMs: number; userAgent: string },
): Promise<HttpAnswer> {
  const refusal = urlRefusal(request.url, options);
  if (refusal) return Promise.reject(new RefusedDestinationError(refusal));
  const url = new URL(request.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = Buffer.from(request.body);
  return new Promise<HttpAnswer>((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: {
          ...request.headers,
          'content-length': String(body.length),
          'user-agent': options.userAgent,
        },
        lookup: guardedLookup(options.allowLoopbackHttp),
        timeout: options.timeoutMs,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxAnswerBytes) chunks.push(chunk);
        });
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
