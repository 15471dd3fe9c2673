import { type ReactNode, useId } from 'react';

/**
 * A labelled form control: the label names the control through `for`/`id`, so its accessible
 * name is the label alone (a wrapping label would add the control's current value to it).
 *
 * @example
 * <Field label={t('Template')}>{(id) => <select id={id}>…</select>}</Field>
 */
export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
