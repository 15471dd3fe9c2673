/**
 * Masks an email for logs: keeps the first character and the domain.
 *
 * @example
 * maskEmail('bob.norman@hostmail.com'); // 'b***@hostmail.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * Masks a phone number for logs: keeps the last two digits.
 *
 * @example
 * maskPhone('+15556251199'); // '***99'
 */
export function maskPhone(phone: string): string {
  return `***${phone.slice(-2)}`;
}

/**
 * Masks an identity value by its kind, so logs can show which identity matched without revealing it.
 *
 * @example
 * maskIdentity('email', 'bob@example.com'); // 'email:b***@example.com'
 */
export function maskIdentity(kind: string, value: string): string {
  if (kind === 'email') return `${kind}:${maskEmail(value)}`;
  if (kind === 'phone' || kind === 'whatsapp') return `${kind}:${maskPhone(value)}`;
  return `${kind}:${value}`;
}
