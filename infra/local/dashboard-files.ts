import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { dashboardContentSecurityPolicy } from '../dashboard-policy';

/** The dashboard's security headers, as CloudFront adds them in AWS (the API is on the same origin here). */
export const dashboardHeaders = {
  'content-security-policy': dashboardContentSecurityPolicy('', ''),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A file of the built dashboard, answered as the local gateway sends it. */
export interface DashboardFile {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The file a GET of `path` reads from the built dashboard (`web/dist`): `/` is `index.html`,
 * `/config.json` says how to sign in (a local API token, the API on this host), hashed assets are
 * cached for a year; nothing outside the directory is ever read.
 *
 * @example
 * const file = dashboardFile('web/dist', '/assets/index-abc.js');
 */
export function dashboardFile(root: string, path: string): DashboardFile | undefined {
  if (path === '/config.json') {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...dashboardHeaders },
      body: Buffer.from(JSON.stringify({ apiUrl: '', signIn: { kind: 'token' } })),
    };
  }
  const base = resolve(root);
  const target = resolve(base, `.${path === '/' ? '/index.html' : decodeURIComponent(path)}`);
  if (target !== base && !target.startsWith(`${base}${sep}`)) return undefined;
  if (!existsSync(target) || !statSync(target).isFile()) {
    if (path === '/' || path === '/index.html') return notBuilt();
    return undefined;
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': contentTypes[extname(target)] ?? 'application/octet-stream',
      'cache-control': target.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      ...dashboardHeaders,
    },
    body: readFileSync(target),
  };
}

function notBuilt(): DashboardFile {
  return {
    statusCode: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: Buffer.from('The dashboard is not built: run `npm run build:web` (npm start does it).\n'),
  };
}

/** Where `npm run build:web` writes the dashboard. */
export const dashboardDist = join(import.meta.dirname, '..', '..', 'web', 'dist');
