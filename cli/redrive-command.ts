import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { invokeAs } from '../infra/local/invocation-context';
import { localEnvironment } from '../infra/local/local-environment';
import { busTargets, lambdaContext } from '../infra/local/local-handlers';
import { localEndpointsFile, type RunningEndpoints } from '../infra/local/local-host';
import type { EventTarget } from '../shared/events/routing-table';
import { UsageError } from './channel-secret-input';
import type { LocalProject } from './local-project';

/** One line of the local bus's dead-letter file. */
interface DeadLetter {
  target: EventTarget;
  event: EventBridgeEvent<string, unknown>;
}

/** How a redrive went. */
export interface RedriveResult {
  redriven: number;
  failedAgain: number;
}

/**
 * `rapport redrive`: delivers each event the local bus dead-lettered again, to the one consumer
 * that failed on it (score, notify, merge or campaigns), through the running `npm start`'s table and bus.
 * Delivered lines leave the file; lines that fail again stay, with nothing lost. Consumers are
 * idempotent, so a redrive of an event that did get through changes nothing.
 *
 * @example
 * const { redriven, failedAgain } = await redrive(project);
 */
export async function redrive(project: LocalProject): Promise<RedriveResult> {
  const endpointsFile = join(project.dataDir, localEndpointsFile);
  if (!existsSync(endpointsFile)) {
    throw new UsageError(
      `Rapport is not running with data in ${project.dataDir}: start it first (npm start).`,
    );
  }
  const file = join(project.dataDir, 'dead-letters.jsonl');
  if (!existsSync(file)) return { redriven: 0, failedAgain: 0 };
  const running = JSON.parse(readFileSync(endpointsFile, 'utf8')) as RunningEndpoints;
  Object.assign(
    process.env,
    { ...project.settings },
    localEnvironment(
      project.settings,
      { dynamodb: running.dynamodb, bus: running.bus },
      running.tableName,
      running.busName,
    ),
  );
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim());
  const kept: string[] = [];
  let redriven = 0;
  for (const line of lines) {
    const letter = JSON.parse(line) as DeadLetter;
    try {
      const { handler } = await busTargets[letter.target]();
      await invokeAs(letter.target, () =>
        handler(letter.event as never, lambdaContext(letter.target) as never),
      );
      redriven += 1;
    } catch {
      kept.push(line);
    }
  }
  writeFileSync(file, kept.length > 0 ? `${kept.join('\n')}\n` : '');
  return { redriven, failedAgain: kept.length };
}
