import { query } from '../api/client';
import type { Customer, Page, TimelineEvent } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href } from '../router';
import { AsyncView } from '../ui/async-view';
import { useApi } from '../ui/use-api';
import { conversationPlatformLabel, recentOrders } from './conversation-rules';
import { label, segmentLabels } from './labels';

/** How often the summary beside a conversation is read again (scores and orders change slowly). */
const summaryRefreshMs = 30_000;

/**
 * Who the agent is talking to, beside the conversation: identities, segment, churn risk, an
 * opt-out on this platform, the most recent orders, and a link to the whole customer page.
 */
export function CustomerSummary({ customerId, platform }: { customerId: string; platform: string }) {
  const { t, number } = useI18n();
  const { call } = useSession();
  const [customer] = useApi(
    () => call<Customer>('GET', `/api/customers/${encodeURIComponent(customerId)}`),
    customerId,
    summaryRefreshMs,
  );
  return (
    <aside className="customer-summary" aria-labelledby="customer-summary">
      <h2 id="customer-summary">{t('Customer')}</h2>
      <AsyncView state={customer}>
        {(data) => {
          const optOut = data.consent?.[platform];
          return (
            <>
              <p className="summary-name">
                <strong>{data.name ?? data.emails[0] ?? data.id}</strong>
              </p>
              {optOut?.status === 'denied' ? (
                <p className="opted-out">
                  {t('Opted out')} · {conversationPlatformLabel(t, platform)} · {optOut.source}
                </p>
              ) : null}
              <dl className="scores">
                <div>
                  <dt>{t('Segment')}</dt>
                  <dd>{data.scores.segment ? label(t, segmentLabels, data.scores.segment) : '—'}</dd>
                </div>
                <div>
                  <dt>{t('Churn risk')}</dt>
                  <dd>
                    {data.scores.churnRisk === undefined ? '—' : number(data.scores.churnRisk, 'percent')}
                  </dd>
                </div>
              </dl>
              <h3>{t('Identities')}</h3>
              <ul className="identities">
                {data.identities.map((identity) => (
                  <li key={`${identity.kind}:${identity.value}`}>
                    <span className="kind">{identity.kind}</span> {identity.value}
                  </li>
                ))}
              </ul>
              <RecentOrders customerId={data.id} />
              <p>
                <a href={href(`/customers/${encodeURIComponent(data.id)}`)}>{t('Open the customer page')}</a>
              </p>
            </>
          );
        }}
      </AsyncView>
    </aside>
  );
}

function RecentOrders({ customerId }: { customerId: string }) {
  const { t, money, dateTime } = useI18n();
  const { call } = useSession();
  const [timeline] = useApi(
    () =>
      call<Page<TimelineEvent>>(
        'GET',
        `/api/customers/${encodeURIComponent(customerId)}/timeline${query({ limit: 50 })}`,
      ),
    customerId,
    summaryRefreshMs,
  );
  return (
    <>
      <h3>{t('Recent orders')}</h3>
      <AsyncView
        state={timeline}
        isEmpty={(page) => recentOrders(page.items, 3).length === 0}
        empty={t('No orders yet.')}
      >
        {(page) => (
          <ul className="recent-orders">
            {recentOrders(page.items, 3).map((event) => (
              <li key={event.order.id}>
                <span>
                  {event.order.name ?? event.order.id} · {money(event.order.total)}
                </span>
                <time className="muted" dateTime={event.occurredAt}>
                  {dateTime(event.occurredAt)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </>
  );
}
