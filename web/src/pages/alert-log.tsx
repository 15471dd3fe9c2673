import { query } from '../api/client';
import type { AlertLogEntry, Page } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href } from '../router';
import { AsyncView } from '../ui/async-view';
import { PagedTable } from '../ui/paged-table';
import { usePager } from '../ui/pager';
import { useApi } from '../ui/use-api';

/** The alert log, newest first: what each alert was about, where it went, how it ended. */
export function AlertLog() {
  const { t, dateTime } = useI18n();
  const { call } = useSession();
  const pager = usePager();
  const [alerts] = useApi(
    () => call<Page<AlertLogEntry>>('GET', `/api/alerts${query({ cursor: pager.cursor })}`),
    pager.key,
    pager.page === 1 ? 10_000 : undefined,
  );
  return (
    <section aria-labelledby="alert-log">
      <h2 id="alert-log">{t('Alert log')}</h2>
      <AsyncView state={alerts} isEmpty={(page) => page.items.length === 0} empty={t('No alerts sent yet.')}>
        {(page) => (
          <PagedTable
            columns={[t('When'), t('Rule'), t('Customer'), t('Destination'), t('Status'), t('Attempts')]}
            pager={pager}
            nextCursor={page.cursor}
          >
            {page.items.map((alert) => (
              <tr key={alert.id}>
                <td>{dateTime(alert.createdAt)}</td>
                <td>{alert.ruleName}</td>
                <td>
                  <a href={href(`/customers/${alert.customerId}`)}>
                    {alert.customerName ?? alert.customerId}
                  </a>
                </td>
                <td>{alert.destinationType}</td>
                <td>
                  {alert.status}
                  {alert.lastError ? <span className="muted"> · {alert.lastError}</span> : null}
                  {alert.heldUntil ? (
                    <span className="muted"> · {t('until {time}', { time: dateTime(alert.heldUntil) })}</span>
                  ) : null}
                </td>
                <td className="number">{alert.attempts}</td>
              </tr>
            ))}
          </PagedTable>
        )}
      </AsyncView>
    </section>
  );
}
