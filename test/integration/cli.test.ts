import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../cli/rapport';
import { localEndpointsFile } from '../../infra/local/local-host';
import { createTestTable, type TestTable } from '../helpers/test-table';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});

afterAll(() => table.client.destroy());

async function cli(args: string[], cwd: string, stdin = '', env: NodeJS.ProcessEnv = {}) {
  let output = '';
  const code = await runCli(
    args,
    cwd,
    env,
    () => stdin,
    (text) => {
      output += text;
    },
  );
  return { code, output };
}

describe('the operator CLI (npx rapport) on a local project', () => {
  it('sets a channel’s secrets in .env, keeping every other line, never printing a value', async () => {
    const project = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    writeFileSync(join(project, '.env'), '# mine\nBASE_CURRENCY=EUR\nSHOPIFY_WEBHOOK_SECRET=old\n');
    const set = await cli(['secrets', 'set', 'shopify'], project, 'SHOPIFY_WEBHOOK_SECRET=new-secret\n');
    const foreign = await cli(['secrets', 'set', 'shopify'], project, 'STRIPE_WEBHOOK_SECRET=x\n');
    const unknown = await cli(['secrets', 'set', 'myspace'], project, 'A=b\n');
    const meta = await cli(['secrets', 'set', 'meta'], project, 'META_APP_SECRET=s\n');
    expect(set.code).toBe(0);
    expect(set.output).not.toContain('new-secret');
    expect(readFileSync(join(project, '.env'), 'utf8')).toBe(
      '# mine\nBASE_CURRENCY=EUR\nSHOPIFY_WEBHOOK_SECRET=new-secret\n',
    );
    expect(foreign).toMatchObject({ code: 64 });
    expect(foreign.output).toContain('STRIPE_WEBHOOK_SECRET is not a shopify setting');
    expect(unknown.code).toBe(64);
    // Meta needs both of its secrets.
    expect(meta).toMatchObject({ code: 64 });
    expect(meta.output).toContain('META_VERIFY_TOKEN');
    const status = await cli(['status'], project, '', { PORT: '9' });
    expect(status.output).toMatch(/shopify\s+configured/);
    expect(status.output).toMatch(/stripe\s+not configured \(set STRIPE_WEBHOOK_SECRET\)/);
    expect(status.output).toContain('local host: not running');
  });

  it('redrives dead-lettered events to the consumer that failed on them, keeping what fails again', async () => {
    const project = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    const dataDir = join(project, '.rapport');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir);
    writeFileSync(
      join(dataDir, localEndpointsFile),
      JSON.stringify({
        dynamodb: table.endpoint,
        bus: 'http://127.0.0.1:9',
        tableName: table.tableName,
        busName: 'rapport',
      }),
    );
    const event = (detail: unknown) => ({
      version: '0',
      id: 'e1',
      'detail-type': 'order.placed',
      source: 'rapport',
      account: '000000000000',
      time: '2026-11-24T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail,
    });
    const good = {
      id: 'shopify:order:1:placed',
      type: 'order.placed',
      version: 1,
      occurredAt: '2026-11-24T10:00:00.000Z',
      customerId: 'c1',
      channel: 'shopify',
      order: { id: '1', platform: 'shopify', status: 'placed', total: { amount: 100, currency: 'USD' } },
    };
    const broken = { ...good, id: 'shopify:order:2:placed', version: 7 };
    writeFileSync(
      join(dataDir, 'dead-letters.jsonl'),
      `${JSON.stringify({ target: 'notify', error: 'timeout', event: event(good) })}\n${JSON.stringify({ target: 'notify', error: 'bad', event: event(broken) })}\n`,
    );
    const before = await cli(['status'], project, '', { PORT: '9' });
    const redriven = await cli(['redrive'], project, '', { PORT: '9' });
    const after = readFileSync(join(dataDir, 'dead-letters.jsonl'), 'utf8').trim().split('\n');
    expect(before.output).toContain('dead letters: 2 events');
    expect(before.code).toBe(2);
    expect(redriven).toMatchObject({ code: 2 });
    expect(redriven.output).toContain('redriven 1; failed again and kept 1');
    expect(after).toHaveLength(1);
    expect(JSON.parse(after[0] ?? '{}').event.detail.id).toBe('shopify:order:2:placed');
  });
});
