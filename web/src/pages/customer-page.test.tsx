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

function renderCustomerPage(change: (customer: Customer & Record<string, unknown>) => void = () => {}) {
  const { customer, timeline } = answers();
  change(customer);
  vi.stubGlobal('fetch', async (url: string) =>
    Response.json(url.includes('/timeline') ? timeline : customer),
  );
  render(
    <LocaleProvider>
      <SessionContext.Provider
        value={{
          api: { apiUrl: '', token: 'token', onUnauthorized: () => {} },
          caller: { actor: 'viewer@example.com', subject: 'viewer@example.com', role: 'viewer' },
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

describe('the customer page consent', () => {
  it('lists the platforms the customer opted out of, with when and from what', async () => {
    renderCustomerPage((customer) => {
      customer.consent = {
        sms: { status: 'denied', at: '2026-12-01T10:00:00.000Z', source: 'sms keyword STOP' },
        whatsapp: { status: 'granted', at: '2026-12-02T10:00:00.000Z', source: 'whatsapp message' },
      };
    });

    const consent = await screen.findByRole('region', { name: 'Consent' });

    const entries = within(consent).getAllByRole('listitem');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.textContent).toMatch(/^SMS Opted out .*2026.* · sms keyword STOP$/);
  });

  it('says so when the customer opted out nowhere', async () => {
    renderCustomerPage();

    const consent = await screen.findByRole('region', { name: 'Consent' });

    expect(within(consent).getByText('Not opted out anywhere.')).toBeTruthy();
  });
});
