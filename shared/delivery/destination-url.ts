import { isIP } from 'node:net';

/**
 * True for an address a destination must never reach in AWS: loopback, private (RFC 1918, unique
 * local), link-local (including the instance metadata service), unspecified, carrier-grade NAT.
 *
 * @example
 * isPrivateAddress('169.254.169.254'); // true
 * isPrivateAddress('140.82.112.3');    // false
 */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (version === 6) {
    const lower = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped?.[1]) return isPrivateAddress(mapped[1]);
    return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
  }
  return true;
}

/**
 * Why a destination URL may not be called, or `undefined` when it may: in AWS it must be https;
 * `npm start` also allows plain http to loopback (local receivers). The address it resolves to is
 * checked again at send time (DNS can change between the two).
 *
 * @example
 * urlRefusal('http://127.0.0.1:9000/hook', { allowLoopbackHttp: true }); // undefined
 */
export function urlRefusal(target: string, options: { allowLoopbackHttp: boolean }): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(target);
  } catch {
    return 'not a URL';
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '127.0.0.1' || host === '::1';
  if (parsed.protocol === 'https:') {
    return isIP(host) && isPrivateAddress(host) && !(options.allowLoopbackHttp && loopback)
      ? 'a private, loopback or link-local address'
      : undefined;
  }
  if (parsed.protocol === 'http:' && options.allowLoopbackHttp && loopback) return undefined;
  return 'destinations must use https';
}
