/** Shards of each counter: concurrent writers spread their increments over this many items. */
export const counterShards = 8;

/**
 * The counter shard of a customer: a stable hash of its id, so one customer's increments (segment
 * counts, campaign counts) always land on the same shard.
 *
 * @example
 * counterShardOf('01J...'); // 0 … 7
 */
export function counterShardOf(customerId: string): number {
  let hash = 0;
  for (const char of customerId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % counterShards;
}
