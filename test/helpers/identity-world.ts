import { mergeLinkedCustomers } from '../../functions/merge-customers/merge-customers';
import { scoreCustomer } from '../../functions/score-customer/score-customer';
import type { Identity } from '../../shared/domain/identity';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { targetsFor } from '../../shared/events/routing-table';
import type { ReceiverDeps } from '../../shared/ingest/receiver-deps';
import { apiDepsFor, linkDepsFor } from './identity-deps';
import { receiverDepsFor, scoreDepsFor } from './receiver-deps';
import { relayTable } from './stream-events';
import type { TestTable } from './test-table';

/**
 * The event path of a test table run as in AWS: the real relay reads the table's stream, and
 * each published event goes to the consumers the routing table names (`merge-customers`,
 * `score-customer`), concurrently, until nothing new is published.
 *
 * @example
 * const world = identityWorld(table);
 * await receiveWebhook(world.receiver, channel, request);
 * await world.settle();
 */
export function identityWorld(table: TestTable, options: { sharedIdentities?: Identity[] } = {}) {
  const relay = relayTable(table);
  const link = linkDepsFor(table, options.sharedIdentities);
  const score = scoreDepsFor(table);
  const handled = new Set<string>();
  const failures = new Map<string, number>();
  const receiver: ReceiverDeps = receiverDepsFor(table, { now: () => new Date() });
  const deliver = async (event: CanonicalEvent) => {
    await Promise.all(
      targetsFor(event.type).map((target) => {
        if (target === 'merge') return mergeLinkedCustomers(link, event);
        if (target === 'score') return scoreCustomer(score, event);
        return undefined;
      }),
    );
  };
  return {
    receiver,
    api: apiDepsFor(table),
    link,
    published: relay.published,
    /**
     * Relays and delivers until no new event appears (at most 20 rounds). A delivery that throws
     * is retried in the next round, as EventBridge retries a target, at most 8 times.
     */
    async settle(): Promise<void> {
      for (let round = 0; round < 20; round += 1) {
        await relay.settle();
        const fresh = relay.published.filter((event) => !handled.has(event.id));
        if (fresh.length === 0) return;
        for (const event of fresh) handled.add(event.id);
        await Promise.all(
          fresh.map((event) =>
            deliver(event).catch((error: unknown) => {
              const failed = (failures.get(event.id) ?? 0) + 1;
              failures.set(event.id, failed);
              if (failed >= 8) throw error;
              handled.delete(event.id);
            }),
          ),
        );
      }
      throw new Error('events kept coming after 20 rounds');
    },
    stop: () => relay.stop(),
  };
}
