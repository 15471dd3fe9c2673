import { useEffect, useState } from 'react';
import { query } from '../api/client';
import type { Customer, Page, TimelineEvent } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href } from '../router';
import { AsyncView } from '../ui/async-view';
import { Confirm } from '../ui/confirm';
import { ErrorMessage } from '../ui/error-message';
import { useApi } from '../ui/use-api';
import { conversationPlatformLabel, statusTicks } from './conversation-rules';
import { eventLabels, label, platformLabel, segmentLabels, stageLabels } from './labels';

/** How often an open customer page asks for what is new. */
const liveRefreshMs = 3000;

/**
 * One customer for service staff and marketers: identities, stage, stats, every score with its
 * reasons, the timeline across channels (updated live while open), merges with their evidence and
 * unmerge, export and erase (admins, confirmed).
 */
export default function CustomerPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { call } = useSession();
  const [customer, reload] = useApi(() => call<Customer>('GET', `/api/customers/${id}`), id, liveRefreshMs);
  return (
    <AsyncView state={customer}>
      {(data) => (
        <article className="customer">
          <header>
            <h1>{data.name ?? data.emails[0] ?? data.id}</h1>
            <p className="muted">
              {label(t, stageLabels, data.lifecycleStage)}
              {data.scores.segment ? ` · ${label(t, segmentLabels, data.scores.segment)}` : ''}
            </p>
          </header>
          <div className="columns">
            <div>
              <Stats customer={data} />
              <Identities customer={data} />
              <Scores customer={data} />
              <Consent customer={data} />
              <Merges customer={data} onChanged={reload} />
              <PersonData customer={data} />
            </div>
            <Timeline customerId={data.id} />
          </div>
        </article>
      )}
    </AsyncView>
  );
}

function Stats({ customer }: { customer: Customer }) {
  const { t, money, dateTime } = useI18n();
  const { stats } = customer;
  return (
    <dl className="stats">
      <div>
        <dt>{t('Orders')}</dt>
        <dd>{stats.orders}</dd>
      </div>
      <div>
        <dt>{t('Revenue')}</dt>
        <dd>{money(stats.revenue)}</dd>
      </div>
      <div>
        <dt>{t('Messages')}</dt>
        <dd>{stats.messages}</dd>
      </div>
      <div>
        <dt>{t('Last interaction')}</dt>
        <dd>{stats.lastInteractionAt ? dateTime(stats.lastInteractionAt) : '—'}</dd>
      </div>
    </dl>
  );
}

function Identities({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="identities">
      <h2 id="identities">{t('Identities')}</h2>
      <ul className="identities">
        {customer.identities.map((identity) => (
          <li key={`${identity.kind}:${identity.value}`}>
            <span className="kind">{identity.kind}</span> {identity.value}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Scores({ customer }: { customer: Customer }) {
  const { t, money, number } = useI18n();
  const { scores } = customer;
  const rows: Array<[string, string | undefined]> = [
    [t('Segment'), scores.segment ? label(t, segmentLabels, scores.segment) : undefined],
    [t('RFM'), scores.rfm ? `R${scores.rfm.r} F${scores.rfm.f} M${scores.rfm.m}` : undefined],
    [t('Engagement'), scores.engagement === undefined ? undefined : number(scores.engagement)],
    [
      t('Probability still active'),
      scores.pAlive === undefined ? undefined : number(scores.pAlive, 'percent'),
    ],
    [
      t('Expected orders in 90 days'),
      scores.expectedOrders90d === undefined ? undefined : number(scores.expectedOrders90d),
    ],
    [t('Predicted lifetime value'), scores.clv ? money(scores.clv) : undefined],
    [t('Churn risk'), scores.churnRisk === undefined ? undefined : number(scores.churnRisk, 'percent')],
  ];
  return (
    <section aria-labelledby="scores">
      <h2 id="scores">{t('Scores')}</h2>
      <dl className="scores">
        {rows
          .filter((row): row is [string, string] => row[1] !== undefined)
          .map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {scores.reasons.length ? (
        <>
          <h3>{t('Why')}</h3>
          <ul className="reasons">
            {scores.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t('Not scored yet.')}</p>
      )}
    </section>
  );
}

/** The platforms the customer opted out of (STOP, unfollow, a platform's refusal), when and from what. */
function Consent({ customer }: { customer: Customer }) {
  const { t, dateTime } = useI18n();
  const denied = Object.entries(customer.consent ?? {}).filter(
    (entry): entry is [string, NonNullable<(typeof entry)[1]>] => entry[1]?.status === 'denied',
  );
  return (
    <section aria-labelledby="consent">
      <h2 id="consent">{t('Consent')}</h2>
      {denied.length === 0 ? (
        <p className="muted">{t('Not opted out anywhere.')}</p>
      ) : (
        <ul className="consent">
          {denied.map(([platform, consent]) => (
            <li key={platform}>
              <span className="kind">{conversationPlatformLabel(t, platform)}</span>{' '}
              {t('Opted out {time} · {source}', { time: dateTime(consent.at), source: consent.source })}
              {consent.scope === 'marketing' ? ` · ${t('marketing only')}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Merges({ customer, onChanged }: { customer: Customer; onChanged: () => void }) {
  const { t, dateTime } = useI18n();
  const { call, isAdmin } = useSession();
  const [error, setError] = useState<string>();
  if (customer.merges.length === 0) return null;
  const unmerge = async (mergedId: string) => {
    setError(undefined);
    try {
      await call('POST', `/api/customers/${customer.id}/unmerge`, { mergedId });
      onChanged();
    } catch (failure) {
      setError(String(failure instanceof Error ? failure.message : failure));
    }
  };
  return (
    <section aria-labelledby="merges">
      <h2 id="merges">{t('Merges')}</h2>
      <ul className="merges">
        {customer.merges.map((merge) => (
          <li key={merge.customerId}>
            <span>
              {merge.customerId} · {dateTime(merge.mergedAt)} · {merge.reason}
              {merge.linkedBy ? ` · ${t('shared {identity}', { identity: merge.linkedBy })}` : ''}
              {merge.by ? ` · ${t('by {who}', { who: merge.by })}` : ''}
            </span>
            {isAdmin ? (
              <Confirm
                action={t('Unmerge')}
                question={t('Split {id} back out of this customer?', { id: merge.customerId })}
                confirm={t('Confirm unmerge')}
                onConfirm={() => unmerge(merge.customerId)}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorMessage message={error} />
    </section>
  );
}

function PersonData({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const { call, isAdmin } = useSession();
  const [error, setError] = useState<string>();
  if (!isAdmin) return null;
  const exportData = async () => {
    const document = await call<unknown>('GET', `/api/customers/${customer.id}/export`);
    const link = window.document.createElement('a');
    link.href = URL.createObjectURL(
      new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }),
    );
    link.download = `customer-${customer.id}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  const erase = async () => {
    try {
      await call('DELETE', `/api/customers/${customer.id}`);
      location.hash = href('/customers');
    } catch (failure) {
      setError(String(failure instanceof Error ? failure.message : failure));
    }
  };
  return (
    <section aria-labelledby="person-data">
      <h2 id="person-data">{t('Personal data')}</h2>
      <div className="actions">
        <button type="button" onClick={() => void exportData().catch((failure) => setError(String(failure)))}>
          {t('Export data')}
        </button>
        <Confirm
          action={t('Erase customer')}
          question={t('Erase this person everywhere? This cannot be undone.')}
          confirm={t('Confirm erase')}
          danger
          onConfirm={erase}
        />
      </div>
      <ErrorMessage message={error} />
    </section>
  );
}

/** The timeline, newest first: the first page refreshed live, older pages loaded on demand. */
function Timeline({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const { call } = useSession();
  const [latest] = useApi(
    () => call<Page<TimelineEvent>>('GET', `/api/customers/${customerId}/timeline${query({ limit: 25 })}`),
    customerId,
    liveRefreshMs,
  );
  const [older, setOlder] = useState<TimelineEvent[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new customer starts a new trail
  useEffect(() => {
    setOlder([]);
    setCursor(undefined);
  }, [customerId]);
  const more = async (from: string) => {
    setLoadingMore(true);
    try {
      const page = await call<Page<TimelineEvent>>(
        'GET',
        `/api/customers/${customerId}/timeline${query({ limit: 25, cursor: from })}`,
      );
      setOlder((current) => [...current, ...page.items]);
      setCursor(page.cursor);
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <section aria-labelledby="timeline" className="timeline">
      <h2 id="timeline">{t('Timeline')}</h2>
      <AsyncView
        state={latest}
        isEmpty={(page) => page.items.length === 0}
        empty={t('Nothing on the timeline yet.')}
      >
        {(page) => {
          const seen = new Set(page.items.map((event) => event.id));
          const next = cursor === undefined ? page.cursor : cursor;
          return (
            <>
              <ol>
                {[...page.items, ...older.filter((event) => !seen.has(event.id))].map((event) => (
                  <TimelineEntry key={event.id} event={event} />
                ))}
              </ol>
              {next ? (
                <button type="button" disabled={loadingMore} onClick={() => void more(next)}>
                  {t('Show older')}
                </button>
              ) : null}
            </>
          );
        }}
      </AsyncView>
    </section>
  );
}

function TimelineEntry({ event }: { event: TimelineEvent }) {
  const { t, money, dateTime, number } = useI18n();
  return (
    <li className={`event ${event.type.replace('.', '-')}`}>
      <div className="event-head">
        <strong>{label(t, eventLabels, event.type)}</strong>
        <span className="channel">{platformLabel(t, event)}</span>
        <time dateTime={event.occurredAt}>{dateTime(event.occurredAt)}</time>
      </div>
      {event.type === 'message.received' || event.type === 'comment.received' ? (
        <div className="message">
          <p>{event.message.text}</p>
          <p className="flags">
            <span>{t('Sentiment {value}', { value: number(event.message.sentiment) })}</span>
            {event.message.complaint ? <span className="complaint">{t('Complaint')}</span> : null}
          </p>
        </div>
      ) : null}
      {event.type === 'message.sent' ? (
        <div className="message">
          <p>
            {event.message.text ??
              (event.message.template
                ? t('Template {name} ({language})', {
                    name: event.message.template.name,
                    language: event.message.template.language,
                  })
                : '')}
          </p>
          {event.message.by ? <p className="flags">{t('by {who}', { who: event.message.by })}</p> : null}
        </div>
      ) : null}
      {event.type === 'message.status_changed' ? (
        <p className={event.status === 'failed' ? 'error' : undefined}>
          {t(statusTicks[event.status].label)}
          {event.error ? ` · ${event.error}` : ''}
        </p>
      ) : null}
      {event.type === 'consent.changed' ? (
        <p>
          {event.consent === 'denied' ? t('Opted out') : t('Opted in')} · {event.source}
          {event.scope === 'marketing' ? ` · ${t('marketing only')}` : ''}
        </p>
      ) : null}
      {'order' in event ? (
        <p>
          {event.order.name ?? event.order.id} · {event.order.status} · {money(event.order.total)}
          {event.order.refunded
            ? ` · ${t('refunded {amount}', { amount: money(event.order.refunded) })}`
            : ''}
        </p>
      ) : null}
      {'campaign' in event ? (
        <p>
          {event.campaign.name} · {event.group === 'treatment' ? t('Treatment') : t('Control')}
        </p>
      ) : null}
      {'checkout' in event ? (
        <p>
          {event.checkout.id}
          {event.checkout.total ? ` · ${money(event.checkout.total)}` : ''}
        </p>
      ) : null}
    </li>
  );
}
