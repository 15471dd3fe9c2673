/**
 * The dashboard's origin policy, as CloudFront adds it to every answer: the app's own scripts and
 * styles only, and calls only to the API and the Cognito hosted UI (the token exchange).
 *
 * @example
 * dashboardContentSecurityPolicy('https://abc.execute-api.eu-west-1.amazonaws.com', 'https://rapport-1.auth.eu-west-1.amazoncognito.com');
 */
export function dashboardContentSecurityPolicy(apiUrl: string, authDomain: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", apiUrl, authDomain].filter(Boolean).join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}
