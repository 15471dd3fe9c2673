import { useState } from 'react';
import { useI18n } from '../i18n/locale';

/**
 * A button whose action runs only after a second, explicit confirmation.
 *
 * @example
 * <Confirm action="Erase customer" question="Erase this person?" confirm="Confirm erase" onConfirm={erase} />
 */
export function Confirm({
  action,
  question,
  confirm,
  danger,
  onConfirm,
}: {
  action: string;
  question: string;
  confirm: string;
  danger?: boolean;
  onConfirm: () => Promise<void> | void;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={danger ? 'danger' : undefined} onClick={() => setAsking(true)}>
        {action}
      </button>
    );
  }
  return (
    <fieldset className="confirm">
      <legend>{question}</legend>
      <button
        type="button"
        className={danger ? 'danger' : undefined}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirm}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('Cancel')}
      </button>
    </fieldset>
  );
}
