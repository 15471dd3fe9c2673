import { type ReactNode, useId } from 'react';
import { ErrorMessage } from './error-message';

/**
 * A labelled form control, with what is wrong with its value under it: the label names the
 * control through `for`/`id`, so its accessible name is the label alone (a wrapping label would
 * add the control's current value to it).
 *
 * @example
 * <Field label={t('Rule as JSON')} error={invalid ? t('That is not valid JSON.') : undefined}>
 *   {(id) => <textarea id={id} aria-invalid={invalid} />}
 * </Field>
 */
export function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string | undefined;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      <ErrorMessage message={error} />
    </div>
  );
}
