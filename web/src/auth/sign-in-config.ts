/** How the dashboard signs people in, from `/config.json` (written by `npm start` and by the stack). */
export type SignInConfig =
  | { kind: 'token' }
  | {
      kind: 'cognito';
      /** The Cognito hosted UI, `https://<prefix>.auth.<region>.amazoncognito.com`. */
      domain: string;
      clientId: string;
      /** The dashboard's own URL, registered as the app client's callback. */
      redirectUri: string;
    };

/** `/config.json`. */
export interface DashboardConfig {
  /** The API's base URL; '' for the dashboard's own origin. */
  apiUrl: string;
  signIn: SignInConfig;
}

/**
 * Loads `/config.json`.
 *
 * @example
 * const config = await loadConfig();
 */
export async function loadConfig(): Promise<DashboardConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as DashboardConfig;
}
