import { useState } from 'react';
import { query } from '../api/client';
import type { Page, QuarantineSummary } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { AsyncView } from '../ui/async-view';
import { PagedTable } from '../ui/paged-table';
import { usePager } from '../ui/pager';
import { useApi } from '../ui/use-api';
import { platformLabel } from './labels';

/** Quarantine: signed payloads that did not validate, with the reason; replay (admins). */
export default function QuarantinePage() {
  const { t, dateTime, number } = useI18n();
  const { call, isAdmin } = useSession();
  const pager = usePager();
  const [items, reload] = useApi(
    () => call<Page<QuarantineSummary>>('GET', `/api/quarantine${query({ cursor: pager.cursor })}`),
    pager.key,
  );
  const [results, setResults] = useState<Record<string, string>>({});
  const replay = async (id: string) => {
    try {
      const answer = await call<{ status: string }>('POST', `/api/quarantine/${id}/replay`);
      setResults((current) => ({ ...current, [id]: t('Replayed: {status}', { status: answer.status }) }));
      await reload();
    } catch (failure) {
      setResults((current) => ({
        ...current,
        [id]: t('Not replayed: {reason}', {
          reason: failure instanceof Error ? failure.message : String(failure),
        }),
      }));
    }
  };
  return (
    <section>
      <h1>{t('Quarantine')}</h1>
      <AsyncView
        state={items}
        isEmpty={(page) => page.items.length === 0}
        empty={t('Nothing is in quarantine.')}
      >
        {(page) => (
          <PagedTable
            columns={[
              t('Received'),
              t('Channel'),
              t('Reason'),
              t('Size'),
              t('Replayed'),
              isAdmin && t('Actions'),
            ]}
            pager={pager}
            nextCursor={page.cursor}
          >
            {page.items.map((item) => (
              <tr key={item.id}>
                <td>{dateTime(item.receivedAt)}</td>
                <td>
                  {platformLabel(t, { channel: item.channel })}
                  {item.topic ? <span className="muted"> · {item.topic}</span> : null}
                </td>
                <td>{item.reason}</td>
                <td className="number">{t('{bytes} bytes', { bytes: number(item.bodyBytes) })}</td>
                <td>{item.replayedAt ? `${dateTime(item.replayedAt)} · ${item.replayResult ?? ''}` : '—'}</td>
                {isAdmin ? (
                  <td className="actions">
                    <button
                      type="button"
                      aria-label={`${t('Replay')} ${item.id}`}
                      onClick={() => void replay(item.id)}
                    >
                      {t('Replay')}
                    </button>
                    {results[item.id] ? <span role="status">{results[item.id]}</span> : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </PagedTable>
        )}
      </AsyncView>
    </section>
  );
}
