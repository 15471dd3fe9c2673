import { useState } from 'react';
import { query } from '../api/client';
import type { Customer, Page, PossibleDuplicate } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href } from '../router';
import { AsyncView } from '../ui/async-view';
import { ErrorMessage } from '../ui/error-message';
import { PagerControls, usePager } from '../ui/pager';
import { useApi } from '../ui/use-api';

/** Duplicates: possible duplicates side by side with the evidence; accept (merge) or dismiss. */
export default function DuplicatesPage() {
  const { t } = useI18n();
  const { call } = useSession();
  const pager = usePager();
  const [duplicates, reload] = useApi(
    () => call<Page<PossibleDuplicate>>('GET', `/api/duplicates${query({ cursor: pager.cursor })}`),
    pager.key,
  );
  return (
    <section>
      <h1>{t('Duplicates')}</h1>
      <AsyncView
        state={duplicates}
        isEmpty={(page) => page.items.length === 0}
        empty={t('No possible duplicates are waiting for a decision.')}
      >
        {(page) => (
          <>
            <ul className="duplicates">
              {page.items.map((duplicate) => (
                <DuplicateCard key={duplicate.id} duplicate={duplicate} onDecided={reload} />
              ))}
            </ul>
            <PagerControls pager={pager} nextCursor={page.cursor} />
          </>
        )}
      </AsyncView>
    </section>
  );
}

function DuplicateCard({
  duplicate,
  onDecided,
}: {
  duplicate: PossibleDuplicate;
  onDecided: () => Promise<void>;
}) {
  const { t, dateTime } = useI18n();
  const { call, isAdmin } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [a, b] = duplicate.customers;
  const title = t('{a} and {b}', { a: nameOf(a), b: nameOf(b) });
  const decide = async (decision: 'accept' | 'dismiss') => {
    setBusy(true);
    setError(undefined);
    try {
      await call('POST', `/api/duplicates/${duplicate.id}/${decision}`);
      await onDecided();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="card" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">
        {duplicate.reason === 'shared_identity'
          ? t('They share an identity that many people use')
          : t('Their identities conflict')}
        {duplicate.evidence.linkedBy
          ? ` · ${t('shared {identity}', { identity: duplicate.evidence.linkedBy })}`
          : ''}
        {' · '}
        {dateTime(duplicate.proposedAt)}
      </p>
      {duplicate.evidence.conflicts?.length ? (
        <ul className="conflicts">
          {duplicate.evidence.conflicts.map((conflict) => (
            <li key={conflict.kind}>
              {t('Different {kind}: {a} / {b}', {
                kind: conflict.kind,
                a: conflict.a.join(', '),
                b: conflict.b.join(', '),
              })}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="side-by-side">
        {[a, b].map((customer) =>
          customer ? <CustomerSummary key={customer.id} customer={customer} /> : null,
        )}
      </div>
      {isAdmin ? (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void decide('accept')}>
            {t('Accept and merge')}
          </button>
          <button type="button" disabled={busy} onClick={() => void decide('dismiss')}>
            {t('Dismiss')}
          </button>
        </div>
      ) : null}
      <ErrorMessage message={error} />
    </li>
  );
}

function nameOf(customer: Customer | undefined): string {
  return customer?.name ?? customer?.emails[0] ?? customer?.id ?? '—';
}

function CustomerSummary({ customer }: { customer: Customer }) {
  const { t, money } = useI18n();
  return (
    <div className="summary">
      <h3>
        <a href={href(`/customers/${customer.id}`)}>{nameOf(customer)}</a>
      </h3>
      <ul>
        {customer.identities.map((identity) => (
          <li key={`${identity.kind}:${identity.value}`}>
            <span className="kind">{identity.kind}</span> {identity.value}
          </li>
        ))}
      </ul>
      <p>
        {t('Orders: {orders} · revenue {revenue}', {
          orders: customer.stats.orders,
          revenue: money(customer.stats.revenue),
        })}
      </p>
    </div>
  );
}
