import { type FormEvent, useState } from 'react';
import { query } from '../api/client';
import type { AlertRule, AlertTemplates, Destination, Page } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { AsyncView } from '../ui/async-view';
import { DestinationChoice } from '../ui/destination-choice';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { PagedTable } from '../ui/paged-table';
import { usePager } from '../ui/pager';
import { useApi } from '../ui/use-api';
import { eventLabels, label } from './labels';

/** Alert rules: the list, enable/disable, edit as JSON, and a new rule from a template. */
export function AlertRules({ destinationsRevision }: { destinationsRevision: number }) {
  const { t } = useI18n();
  const { call, isAdmin } = useSession();
  const pager = usePager();
  const [rules, reload] = useApi(
    () => call<Page<AlertRule>>('GET', `/api/alert-rules${query({ cursor: pager.cursor })}`),
    pager.key,
  );
  const [editing, setEditing] = useState<string>();
  const [error, setError] = useState<string>();
  const save = async (rule: AlertRule, change: Partial<AlertRule>) => {
    setError(undefined);
    const { id, createdAt: _created, updatedAt: _updated, ...body } = { ...rule, ...change };
    try {
      await call('PUT', `/api/alert-rules/${id}`, body);
      setEditing(undefined);
      await reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <section aria-labelledby="rules">
      <h2 id="rules">{t('Rules')}</h2>
      {isAdmin ? <TemplateForm onCreated={reload} destinationsRevision={destinationsRevision} /> : null}
      <ErrorMessage message={error} />
      <AsyncView state={rules} isEmpty={(page) => page.items.length === 0} empty={t('No rules yet.')}>
        {(page) => (
          <>
            <PagedTable
              columns={[t('Name'), t('When'), t('Conditions'), t('Status'), isAdmin && t('Actions')]}
              pager={pager}
              nextCursor={page.cursor}
            >
              {page.items.map((rule) => (
                <tr key={rule.id}>
                  <td>{rule.name}</td>
                  <td>{label(t, eventLabels, rule.on)}</td>
                  <td>
                    <code>
                      {rule.if
                        .map(
                          (condition) =>
                            `${condition.path} ${condition.op} ${JSON.stringify(condition.value ?? '')}`,
                        )
                        .join(' · ') || '—'}
                    </code>
                  </td>
                  <td>{rule.enabled ? t('Enabled') : t('Disabled')}</td>
                  {isAdmin ? (
                    <td className="actions">
                      <button
                        type="button"
                        aria-label={`${rule.enabled ? t('Disable') : t('Enable')} ${rule.name}`}
                        onClick={() => void save(rule, { enabled: !rule.enabled })}
                      >
                        {rule.enabled ? t('Disable') : t('Enable')}
                      </button>
                      <button
                        type="button"
                        aria-label={`${t('Edit')} ${rule.name}`}
                        onClick={() => setEditing(editing === rule.id ? undefined : rule.id)}
                      >
                        {t('Edit')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </PagedTable>
            {page.items
              .filter((rule) => rule.id === editing)
              .map((rule) => (
                <RuleEditor key={rule.id} rule={rule} onSave={(change) => save(rule, change)} />
              ))}
          </>
        )}
      </AsyncView>
    </section>
  );
}

/** The whole rule as JSON (name, event, conditions, destinations, throttle, digest), validated by the API. */
function RuleEditor({
  rule,
  onSave,
}: {
  rule: AlertRule;
  onSave: (change: Partial<AlertRule>) => Promise<void>;
}) {
  const { t } = useI18n();
  const { id: _id, createdAt: _created, updatedAt: _updated, ...editable } = rule;
  const [text, setText] = useState(JSON.stringify(editable, null, 2));
  const [invalid, setInvalid] = useState(false);
  return (
    <form
      className="editor"
      onSubmit={(event) => {
        event.preventDefault();
        try {
          const change = JSON.parse(text) as Partial<AlertRule>;
          setInvalid(false);
          void onSave(change);
        } catch {
          setInvalid(true);
        }
      }}
    >
      <Field label={t('Rule as JSON')} error={invalid ? t('That is not valid JSON.') : undefined}>
        {(id) => (
          <textarea
            id={id}
            rows={12}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <button type="submit">{t('Save rule')}</button>
    </form>
  );
}

function TemplateForm({
  onCreated,
  destinationsRevision,
}: {
  onCreated: () => Promise<void>;
  destinationsRevision: number;
}) {
  const { t } = useI18n();
  const { call } = useSession();
  const [templates] = useApi(() => call<AlertTemplates>('GET', '/api/alert-templates'), 'templates');
  const [destinations] = useApi(
    () => call<Page<Destination>>('GET', '/api/destinations?limit=100'),
    `destinations-${destinationsRevision}`,
  );
  const [template, setTemplate] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string>();
  const parameters =
    templates.status === 'ready'
      ? (templates.data.items.find((item) => item.name === template)?.parameters ?? [])
      : [];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await call('POST', `/api/alert-templates/${template}`, {
        destinations: chosen,
        ...(parameters.includes('amount') && amount ? { amount: Number(amount) } : {}),
      });
      setChosen([]);
      setAmount('');
      await onCreated();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-rule">
      <h3 id="new-rule">{t('New rule from a template')}</h3>
      <Field label={t('Template')}>
        {(id) => (
          <select id={id} value={template} onChange={(event) => setTemplate(event.target.value)} required>
            <option value="">{t('Choose a template')}</option>
            {templates.status === 'ready'
              ? templates.data.items.map((item) => (
                  <option key={item.name} value={item.name}>
                    {item.description}
                  </option>
                ))
              : null}
          </select>
        )}
      </Field>
      {parameters.includes('amount') ? (
        <Field label={t('Smallest order amount')}>
          {(id) => (
            <input
              id={id}
              type="number"
              min="1"
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          )}
        </Field>
      ) : null}
      <DestinationChoice
        legend={t('Send to')}
        destinations={destinations}
        chosen={chosen}
        onChange={setChosen}
      />
      <button type="submit" disabled={!template || chosen.length === 0}>
        {t('Create rule')}
      </button>
      <ErrorMessage message={error} />
    </form>
  );
}
