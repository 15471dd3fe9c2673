import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { enrolCampaignAudiences } from '../../functions/enrol-campaign-audiences/enrol-campaign-audiences';
import { invokeAs } from '../../infra/local/invocation-context';
import { campaignSchema } from '../../shared/campaigns/campaign';
import { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { createLogger } from '../../shared/observability/logger';
import { customerProfileKey, customerSegmentKeys } from '../../shared/store/keys';
import { createTestTable } from '../helpers/test-table';
import { meterDynamo } from './dynamo-meter';

/** What enrolling a campaign's audience costs. */
export interface EnrolmentFigures {
  customers: number;
  enrolled: number;
  seconds: number;
  requestsPerEnrolled: number;
  readUnitsPerEnrolled: number;
  writeUnitsPerEnrolled: number;
}

/**
 * Enrols a campaign over `customers` buyers of one segment on a fresh table of DynamoDB Local, as
 * the scheduled job does it, and meters its DynamoDB requests and capacity. `audience` chooses the
 * path: the segment index (a query), or a condition alone (a scan of the table).
 *
 * @example
 * const figures = await measureEnrolment('http://127.0.0.1:8000', 100_000, 'segment');
 */
export async function measureEnrolment(
  endpoint: string,
  customers: number,
  audience: 'segment' | 'conditions',
): Promise<EnrolmentFigures> {
  const table = await createTestTable(endpoint);
  const now = new Date().toISOString();
  const ids = Array.from({ length: customers }, (_, index) => `01JBENCH${String(index).padStart(18, '0')}`);
  // Buyers, written straight to the table (what receivers and score would have written).
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += 25) batches.push(ids.slice(start, start + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] as string[];
        let items = batch.map((id) => ({
          PutRequest: {
            Item: {
              ...customerProfileKey(id),
              type: 'customer',
              id,
              createdAt: now,
              updatedAt: now,
              stats: { orders: 1, revenue: { amount: 5000, currency: 'USD' } },
              lifecycleStage: 'buyer',
              scores: { segment: 'new_customers', reasons: [] },
              scoreRevision: 1,
              ...customerSegmentKeys('new_customers', 0.5, id),
            },
          },
        }));
        while (items.length > 0) {
          const answer = await table.documentClient.send(
            new BatchWriteCommand({ RequestItems: { [table.tableName]: items } }),
          );
          items = (answer.UnprocessedItems?.[table.tableName] ?? []) as typeof items;
        }
      }
    }),
  );
  const campaigns = new CampaignRepository(table.documentClient, table.tableName);
  const definition = campaignSchema.parse({
    name: 'Bench',
    audience:
      audience === 'segment'
        ? { segment: 'new_customers' }
        : { if: [{ path: 'customer.stats.orders', op: 'gte', value: 1 }] },
    holdoutPercent: 20,
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    goal: { on: 'order.placed', withinDays: 14 },
    destinations: ['d1'],
  });
  await campaigns.create({
    ...definition,
    id: '01JBENCHCAMPAIGN',
    createdAt: now,
    startsAt: now,
    status: 'running',
    enrolment: { done: false, scanned: 0 },
  });
  const meter = meterDynamo(table.documentClient);
  meter.reset();
  const started = performance.now();
  const result = await invokeAs('enrol-campaign-audiences', () =>
    enrolCampaignAudiences({
      campaigns,
      customers: new CustomerRepository(table.documentClient, table.tableName, 'USD'),
      groups: new CustomerGroupRepository(table.documentClient, table.tableName),
      baseCurrency: 'USD',
      now: () => new Date(),
      log: createLogger('bench', 'warn'),
      budgetMs: 3_600_000,
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const fn = 'enrol-campaign-audiences';
  table.client.destroy();
  return {
    customers,
    enrolled: result.enrolled,
    seconds,
    requestsPerEnrolled: (meter.requests[fn] ?? 0) / result.enrolled,
    readUnitsPerEnrolled: (meter.readUnits[fn] ?? 0) / result.enrolled,
    writeUnitsPerEnrolled: (meter.writeUnits[fn] ?? 0) / result.enrolled,
  };
}
