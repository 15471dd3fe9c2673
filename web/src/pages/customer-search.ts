/**
 * What a person typed in the customer search as the API's `kind:value` identity: an email, a phone
 * (with or without +country), or `kind:value` as it is. Undefined when it is none of these.
 *
 * @example
 * identityFromSearch('ana@example.com'); // 'email:ana@example.com'
 * identityFromSearch('+1 415 555 0123'); // 'phone:+1 415 555 0123'
 */
export function identityFromSearch(text: string): string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  if (/^[a-z]+:.+/.test(value)) return value;
  if (value.includes('@')) return `email:${value}`;
  if (/^\+?[\d\s().-]{6,}$/.test(value)) return `phone:${value}`;
  return undefined;
}
