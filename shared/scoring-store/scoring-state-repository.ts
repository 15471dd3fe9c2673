import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RfmBoundaries } from '../scoring/rfm';
import type { ScoringModel } from '../scoring/scoring-model';
import type { ScoringSettings } from '../scoring/scoring-settings';
import { counterShardOf, counterShards } from '../store/counter-shards';
import { funnelCounterKey, scoringStateKey, segmentCounterKey } from '../store/keys';

/**
 * The shared state of scoring, each in one small item: the settings marketers change (with the
 * purchase model in use), the fitted models (Pareto/NBD, BG/NBD and Gamma-Gamma, one item), and the RFM boundaries of the customer base; and the sharded counters behind
 * `GET /api/segments` and `GET /api/funnel`.
 *
 * @example
 * const state = new ScoringStateRepository(documentClient(), 'rapport');
 * const model = await state.model();
 */
export class ScoringStateRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async settings(): Promise<ScoringSettings | undefined> {
    return (await this.read('settings')) as ScoringSettings | undefined;
  }

  async saveSettings(settings: ScoringSettings): Promise<void> {
    await this.write('settings', settings);
  }

  async model(): Promise<ScoringModel | undefined> {
    return (await this.read('model')) as ScoringModel | undefined;
  }

  async saveModel(model: ScoringModel): Promise<void> {
    await this.write('model', model);
  }

  async boundaries(): Promise<RfmBoundaries | undefined> {
    return (await this.read('rfm')) as RfmBoundaries | undefined;
  }

  async saveBoundaries(boundaries: RfmBoundaries): Promise<void> {
    await this.write('rfm', boundaries);
  }

  /** Takes a customer out of its segment's count (an erased person). */
  async leaveSegment(customerId: string, segment: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: segmentCounterKey(counterShardOf(customerId)),
        UpdateExpression: 'ADD #segment :minus',
        ExpressionAttributeNames: { '#segment': segment },
        ExpressionAttributeValues: { ':minus': -1 },
      }),
    );
  }

  /** Customers per segment, summed over the shards. */
  async segmentCounts(): Promise<Record<string, number>> {
    const items = await this.batchGet(
      Array.from({ length: counterShards }, (_, shard) => segmentCounterKey(shard)),
    );
    return sumCounts(items);
  }

  /** Customers who reached each stage, per day of the range (inclusive), summed over the shards. */
  async funnelCounts(days: ReadonlyArray<string>): Promise<Record<string, number>> {
    const keys = days.flatMap((day) =>
      Array.from({ length: counterShards }, (_, shard) => funnelCounterKey(day, shard)),
    );
    return sumCounts(await this.batchGet(keys));
  }

  private async read(name: 'settings' | 'model' | 'rfm'): Promise<unknown> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: scoringStateKey(name) }),
    );
    return result.Item?.value;
  }

  private async write(name: 'settings' | 'model' | 'rfm', value: unknown): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...scoringStateKey(name), type: 'scoring-state', value },
      }),
    );
  }

  private async batchGet(
    keys: ReadonlyArray<{ pk: string; sk: string }>,
  ): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    for (let start = 0; start < keys.length; start += 100) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100);
      for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt += 1) {
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
        );
        items.push(...(result.Responses?.[this.tableName] ?? []));
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
      if (pending && pending.length > 0) throw new Error('Reading counters left keys unprocessed');
    }
    return items;
  }
}

function sumCounts(items: ReadonlyArray<Record<string, unknown>>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const item of items) {
    // A counter item holds one number attribute per segment or stage (ADD creates them).
    for (const [name, value] of Object.entries(item)) {
      if (typeof value === 'number') totals[name] = (totals[name] ?? 0) + value;
    }
  }
  return totals;
}
