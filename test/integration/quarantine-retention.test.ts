import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { QuarantineRepository } from '../../shared/quarantine/quarantine-repository';
import { createTestTable, partitionItems, type TestTable } from '../helpers/test-table';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});

afterAll(() => table.client.destroy());

describe('quarantine retention (QUARANTINE_RETENTION)', () => {
  it('gives a quarantined payload, and every piece of a large one, the TTL of the configured retention', async () => {
    const sevenDays = 7 * 86_400_000;
    const quarantine = new QuarantineRepository(table.documentClient, table.tableName, sevenDays);
    const receivedAt = '2026-11-24T10:00:00.000Z';
    const expected = Math.floor((Date.parse(receivedAt) + sevenDays) / 1000);
    const small = await quarantine.keep({
      channel: 'shopify',
      topic: 'orders/create',
      reason: 'total_price: Required',
      headers: {},
      rawBody: Buffer.from('{"id":1}'),
      receivedAt,
    });
    // Random bytes do not compress: more than one item's worth.
    const large = await quarantine.keep({
      channel: 'shopify',
      topic: 'orders/create',
      reason: 'too odd',
      headers: {},
      rawBody: Buffer.from(Array.from({ length: 700_000 }, () => Math.floor(Math.random() * 256))),
      receivedAt,
    });
    const smallItems = await partitionItems(table, `QUARANTINE#${small}`);
    const largeItems = await partitionItems(table, `QUARANTINE#${large}`);
    expect(smallItems.map((item) => item.expiresAt)).toEqual([expected]);
    expect(largeItems.length).toBeGreaterThan(1);
    expect(largeItems.every((item) => item.expiresAt === expected)).toBe(true);
  });
});
