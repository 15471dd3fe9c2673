import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { dashboardDist } from '../../infra/local/dashboard-files';

/** What the dashboard costs a browser: JavaScript of the first page, and opening a customer. */
export interface DashboardFigures {
  firstPageJsGzipKb: number;
  customerPageInAppMs: number[];
  customerPageColdMs: number[];
}

/**
 * Measures the dashboard in Debian's Chromium against a running host: the gzipped size of every
 * script the first page (sign-in, then the customer list) loads, and the time from opening a
 * customer to its identities and first timeline entry on screen, in the app (from the list) and
 * as a fresh load of the page's URL.
 *
 * @example
 * const figures = await measureDashboard('http://127.0.0.1:3000', token, customerId, 10);
 */
export async function measureDashboard(
  url: string,
  token: string,
  customerId: string,
  runs: number,
): Promise<DashboardFigures> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
  });
  try {
    const page = await browser.newPage();
    const scripts = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
    });
    await page.goto(url);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.locator('table, .state.empty').first().waitFor();
    const firstPageJsGzipKb =
      [...scripts].reduce((sum, path) => sum + gzipSync(readFileSync(join(dashboardDist, path))).length, 0) /
      1024;

    const rendered = async () => {
      await page.getByRole('heading', { name: 'Identities' }).waitFor();
      await page.locator('.timeline li.event').first().waitFor();
    };
    const customerPageInAppMs: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      await page.evaluate("location.hash = '#/segments'");
      await page.getByRole('heading', { name: 'Segments' }).waitFor();
      const started = Date.now();
      await page.evaluate(`location.hash = '#/customers/${customerId}'`);
      await rendered();
      customerPageInAppMs.push(Date.now() - started);
    }
    const customerPageColdMs: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      await page.goto('about:blank');
      const started = Date.now();
      await page.goto(`${url}/#/customers/${customerId}`);
      await rendered();
      customerPageColdMs.push(Date.now() - started);
    }
    return { firstPageJsGzipKb, customerPageInAppMs, customerPageColdMs };
  } finally {
    await browser.close();
  }
}
