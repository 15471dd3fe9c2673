import { type FormEvent, useState } from 'react';
import { query } from '../api/client';
import type { Customer, Page } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href } from '../router';
import { AsyncView } from '../ui/async-view';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { PagedTable } from '../ui/paged-table';
import { type Pager, usePager } from '../ui/pager';
import { useApi } from '../ui/use-api';
import { identityFromSearch } from './customer-search';
import { label, segmentLabels, stageLabels } from './labels';

/** Customers: search by email, phone or `kind:value`, or list a segment best first, paged. */
export function CustomersPage({ params }: { params: URLSearchParams }) {
  const { t } = useI18n();
  const { call } = useSession();
  const identity = params.get('identity') ?? undefined;
  const segment = params.get('segment') ?? 'champions';
  const [text, setText] = useState(identity?.replace(/^(email|phone):/, '') ?? '');
  const [invalid, setInvalid] = useState(false);
  const pager = usePager();
  const [customers] = useApi(
    () =>
      call<Page<Customer>>(
        'GET',
        `/api/customers${query(identity ? { identity } : { segment, limit: 25, cursor: pager.cursor })}`,
      ),
    `${identity ?? segment}|${pager.key}`,
  );

  const search = (event: FormEvent) => {
    event.preventDefault();
    const wanted = identityFromSearch(text);
    setInvalid(Boolean(text.trim()) && !wanted);
    if (text.trim() && !wanted) return;
    pager.reset();
    location.hash = href('/customers', wanted ? { identity: wanted } : { segment });
  };

  return (
    <section>
      <h1>{t('Customers')}</h1>
      <form className="toolbar" onSubmit={search}>
        <Field label={t('Search customers')}>
          {(id) => (
            <input
              id={id}
              type="search"
              value={text}
              placeholder="ana@example.com · +14155550123 · shopify:123"
              onChange={(event) => setText(event.target.value)}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <button type="submit">{t('Search')}</button>
        <Field label={t('Segment')}>
          {(id) => (
            <select
              id={id}
              value={identity ? '' : segment}
              onChange={(event) => {
                pager.reset();
                setText('');
                location.hash = href('/customers', { segment: event.target.value });
              }}
            >
              {identity ? <option value="">—</option> : null}
              {Object.entries(segmentLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {t(label)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      {/* Under the toolbar rather than in the search field, which would push the toolbar's controls down. */}
      <ErrorMessage
        message={
          invalid ? t('Type an email, a phone number or kind:value (for example shopify:123).') : undefined
        }
      />
      <AsyncView
        state={customers}
        isEmpty={(page) => page.items.length === 0}
        empty={
          identity ? t('No customer holds {identity}.', { identity }) : t('No customers in this segment yet.')
        }
      >
        {(page) => (
          // A search finds one customer (or none): only a segment's list is paged.
          <CustomerTable
            customers={page.items}
            pager={identity ? undefined : pager}
            nextCursor={page.cursor}
          />
        )}
      </AsyncView>
    </section>
  );
}

function CustomerTable({
  customers,
  pager,
  nextCursor,
}: {
  customers: Customer[];
  pager: Pager | undefined;
  nextCursor: string | null;
}) {
  const { t, money, dateTime } = useI18n();
  return (
    <PagedTable
      columns={[
        t('Name'),
        t('Email'),
        t('Lifecycle stage'),
        t('Segment'),
        t('Orders'),
        t('Revenue'),
        t('Last interaction'),
      ]}
      pager={pager}
      nextCursor={nextCursor}
    >
      {customers.map((customer) => (
        <tr key={customer.id}>
          <td>
            <a href={href(`/customers/${customer.id}`)}>
              {customer.name ?? customer.emails[0] ?? customer.id}
            </a>
          </td>
          <td>{customer.emails[0] ?? '—'}</td>
          <td>{label(t, stageLabels, customer.lifecycleStage)}</td>
          <td>{customer.scores.segment ? label(t, segmentLabels, customer.scores.segment) : '—'}</td>
          <td className="number">{customer.stats.orders}</td>
          <td className="number">{money(customer.stats.revenue)}</td>
          <td>{customer.stats.lastInteractionAt ? dateTime(customer.stats.lastInteractionAt) : '—'}</td>
        </tr>
      ))}
    </PagedTable>
  );
}
