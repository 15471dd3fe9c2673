import type { ReactNode } from 'react';
import { useI18n } from '../i18n/locale';
import type { Loaded } from './use-api';

/**
 * Shows a load's loading, error and empty states, and the content once it is ready.
 *
 * @example
 * <AsyncView state={rules} isEmpty={(page) => page.items.length === 0} empty={t('No rules yet.')}>{(page) => …}</AsyncView>
 */
export function AsyncView<T>({
  state,
  isEmpty,
  empty,
  children,
}: {
  state: Loaded<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (state.status === 'loading') {
    return (
      <p className="state" role="status">
        {t('Loading…')}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <p className="state error" role="alert">
        {t('Could not load: {message}', { message: state.message })}
      </p>
    );
  }
  if (isEmpty?.(state.data)) return <p className="state empty">{empty}</p>;
  return <>{children(state.data)}</>;
}
