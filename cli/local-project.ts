import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the local project keeps its settings and data, as `npm start` reads them. */
export interface LocalProject {
  root: string;
  envFile: string;
  dataDir: string;
  port: number;
  /** The settings `npm start` would see: the environment over `.env`. */
  settings: Record<string, string | undefined>;
}

/**
 * Reads `.env` without changing this process's environment.
 *
 * @example
 * parseEnvFile('A=1\n# note\nB="two"'); // { A: '1', B: 'two' }
 */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match?.[1]) continue;
    values[match[1]] = (match[2] ?? '').replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/**
 * The project the CLI runs in (the current folder).
 *
 * @example
 * const project = localProject(process.cwd(), process.env);
 */
export function localProject(root: string, env: NodeJS.ProcessEnv): LocalProject {
  const envFile = join(root, '.env');
  const fromFile = existsSync(envFile) ? parseEnvFile(readFileSync(envFile, 'utf8')) : {};
  const settings = { ...fromFile, ...env };
  return {
    root,
    envFile,
    dataDir: resolve(root, settings.RAPPORT_DATA_DIR ?? '.rapport'),
    port: Number(settings.PORT ?? 3000),
    settings,
  };
}
