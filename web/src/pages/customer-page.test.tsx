import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCanonicalEvent } from '../../../shared/events/contracts';
import type { Customer, Page, TimelineEvent } from '../api/types';
import { SessionContext } from '../auth/session';
import { LocaleProvider } from '../i18n/locale';
import CustomerPage from './customer-page';

/** The API's answers for a customer who wrote on WhatsApp (Meta's route) and by SMS (Twilio's), and ordered on Shopify. */
function answers(): { customer: Customer; timeline: Page<TimelineEvent> } {
  const raw = JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures', 'customer-across-channels.json'), 'utf8'),
  );
  // The events are checked against the contract, so the fixture stays what the API can answer.
  return {
    customer: raw.customer,
    timeline: { ...raw.timeline, items: raw.timeline.items.map(parseCanonicalEvent) },
  };
}

function renderCustomerPage() {
  const { customer, timeline } = answers();
  vi.stubGlobal('fetch', async (url: string) =>
    Response.json(url.includes('/timeline') ? timeline : customer),
  );
  render(
    <LocaleProvider>
      <SessionContext.Provider
        value={{
          api: { apiUrl: '', token: 'token', onUnauthorized: () => {} },
          caller: { actor: 'viewer@example.com', role: 'viewer' },
        }}
      >
        <CustomerPage id={customer.id} />
      </SessionContext.Provider>
    </LocaleProvider>,
  );
}

/** The platform each timeline entry shows, newest first. */
async function timelinePlatforms(): Promise<string[]> {
  const timeline = await screen.findByRole('region', { name: /^(Timeline|时间线)$/ });
  const entries = await within(timeline).findAllByRole('listitem');
  return entries.map((entry) => entry.querySelector('.channel')?.textContent ?? '');
}

beforeEach(() => localStorage.clear());

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the customer page timeline', () => {
  it('names the platform a marketer knows, not the webhook route', async () => {
    // Prepare
    renderCustomerPage();

    // Act
    const platforms = await timelinePlatforms();

    // Assess
    expect(platforms).toEqual(['WhatsApp', 'SMS', 'Shopify', 'WhatsApp, Messenger or Instagram']);
    expect(platforms).not.toContain('meta');
    expect(platforms).not.toContain('twilio');
  });

  it('names the platforms in Chinese when Chinese is chosen', async () => {
    localStorage.setItem('rapport.locale', 'zh');
    renderCustomerPage();

    const platforms = await timelinePlatforms();

    expect(platforms).toEqual(['WhatsApp', '短信', 'Shopify', 'WhatsApp、Messenger 或 Instagram']);
  });
});
