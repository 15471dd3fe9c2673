import { useState } from 'react';
import { useI18n } from '../i18n/locale';

/**
 * Cursor paging: the cursor of the page shown, and the trail back to the first page.
 *
 * @example
 * const pager = usePager();
 * api(session, 'GET', `/api/alerts${query({ cursor: pager.cursor })}`);
 */
export function usePager() {
  const [trail, setTrail] = useState<Array<string | undefined>>([undefined]);
  const cursor = trail[trail.length - 1];
  return {
    cursor,
    key: cursor ?? 'first',
    page: trail.length,
    next: (nextCursor: string) => setTrail((current) => [...current, nextCursor]),
    previous: () => setTrail((current) => (current.length > 1 ? current.slice(0, -1) : current)),
    reset: () => setTrail([undefined]),
  };
}

/** The paging state {@link usePager} keeps. */
export type Pager = ReturnType<typeof usePager>;

/**
 * Previous and next page buttons, shown once there is more than one page.
 *
 * @example
 * <PagerControls pager={pager} nextCursor={page.cursor} />
 */
export function PagerControls({
  pager,
  nextCursor,
}: {
  pager: Pager;
  nextCursor: string | null | undefined;
}) {
  const { t } = useI18n();
  if (pager.page === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={t('Pages')}>
      <button type="button" onClick={pager.previous} disabled={pager.page === 1}>
        {t('Previous page')}
      </button>
      <span>{t('Page {page}', { page: pager.page })}</span>
      <button type="button" onClick={() => nextCursor && pager.next(nextCursor)} disabled={!nextCursor}>
        {t('Next page')}
      </button>
    </nav>
  );
}
