import { query } from '../api/client';
import type { AlertLogEntry, Page } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href } from '../router';
import { AsyncView } from '../ui/async-view';
import { PagerControls, usePager } from '../ui/pager';
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
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('When')}</th>
                    <th scope="col">{t('Rule')}</th>
                    <th scope="col">{t('Customer')}</th>
                    <th scope="col">{t('Destination')}</th>
                    <th scope="col">{t('Status')}</th>
                    <th scope="col">{t('Attempts')}</th>
                  </tr>
                </thead>
                <tbody>
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
                          <span className="muted">
                            {' '}
                            · {t('until {time}', { time: dateTime(alert.heldUntil) })}
                          </span>
                        ) : null}
                      </td>
                      <td className="number">{alert.attempts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <PagerControls pager={pager} nextCursor={page.cursor} />
          </>
        )}
      </AsyncView>
    </section>
  );
}
