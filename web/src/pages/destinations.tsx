import { type FormEvent, useState } from 'react';
import { query } from '../api/client';
import type { Destination, Page } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { AsyncView } from '../ui/async-view';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { PagedTable } from '../ui/paged-table';
import { usePager } from '../ui/pager';
import { useApi } from '../ui/use-api';

type DestinationType = Destination['type'];

/** The field that says where each kind of destination sends, and how it is labelled. */
const targets: Record<
  DestinationType,
  {
    field: 'url' | 'webhookUrl' | 'to' | 'topicArn';
    label: 'URL' | 'Email addresses' | 'SNS topic ARN';
    secret: boolean;
  }
> = {
  webhook: { field: 'url', label: 'URL', secret: true },
  slack: { field: 'webhookUrl', label: 'URL', secret: false },
  email: { field: 'to', label: 'Email addresses', secret: false },
  sns: { field: 'topicArn', label: 'SNS topic ARN', secret: false },
  wecom: { field: 'webhookUrl', label: 'URL', secret: false },
  dingtalk: { field: 'webhookUrl', label: 'URL', secret: true },
  feishu: { field: 'webhookUrl', label: 'URL', secret: true },
};

/** Destinations: the list (secrets masked by the API), a test send, and a new destination. */
export function Destinations({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const { call, isAdmin } = useSession();
  const pager = usePager();
  const [destinations, reload] = useApi(
    () => call<Page<Destination>>('GET', `/api/destinations${query({ cursor: pager.cursor })}`),
    pager.key,
  );
  const [results, setResults] = useState<Record<string, string>>({});
  const test = async (destination: Destination) => {
    setResults((current) => ({ ...current, [destination.id]: t('Sending…') }));
    try {
      await call('POST', `/api/destinations/${destination.id}/test`);
      setResults((current) => ({ ...current, [destination.id]: t('Delivered') }));
    } catch (failure) {
      setResults((current) => ({
        ...current,
        [destination.id]: t('Not delivered: {reason}', {
          reason: failure instanceof Error ? failure.message : String(failure),
        }),
      }));
    }
  };
  return (
    <section aria-labelledby="destinations">
      <h2 id="destinations">{t('Destinations')}</h2>
      {isAdmin ? (
        <DestinationForm
          onCreated={async () => {
            await reload();
            onChanged();
          }}
        />
      ) : null}
      <AsyncView
        state={destinations}
        isEmpty={(page) => page.items.length === 0}
        empty={t('No destinations yet.')}
      >
        {(page) => (
          <PagedTable
            columns={[t('Name'), t('Type'), t('Sends to'), isAdmin && t('Actions')]}
            pager={pager}
            nextCursor={page.cursor}
          >
            {page.items.map((destination) => (
              <tr key={destination.id}>
                <td>{destination.name}</td>
                <td>{destination.type}</td>
                <td>
                  <code>
                    {destination.url ??
                      destination.webhookUrl ??
                      destination.topicArn ??
                      destination.to?.join(', ')}
                  </code>
                  {destination.secret ? (
                    <span className="muted">
                      {' '}
                      · {t('secret')} {destination.secret}
                    </span>
                  ) : null}
                </td>
                {isAdmin ? (
                  <td className="actions">
                    <button
                      type="button"
                      aria-label={`${t('Test')} ${destination.name}`}
                      onClick={() => void test(destination)}
                    >
                      {t('Test')}
                    </button>
                    {results[destination.id] ? <span role="status">{results[destination.id]}</span> : null}
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

function DestinationForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const { call } = useSession();
  const [type, setType] = useState<DestinationType>('webhook');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [secret, setSecret] = useState('');
  const [locale, setLocale] = useState<'en' | 'zh'>('en');
  const [error, setError] = useState<string>();
  const shape = targets[type];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const value =
      shape.field === 'to'
        ? target
            .split(/[\s,;]+/)
            .map((address) => address.trim())
            .filter(Boolean)
        : target.trim();
    try {
      await call('POST', '/api/destinations', {
        type,
        name,
        locale,
        [shape.field]: value,
        ...(shape.secret && secret ? { secret } : {}),
      });
      setName('');
      setTarget('');
      setSecret('');
      await onCreated();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-destination">
      <h3 id="new-destination">{t('New destination')}</h3>
      <Field label={t('Type')}>
        {(id) => (
          <select id={id} value={type} onChange={(event) => setType(event.target.value as DestinationType)}>
            {Object.keys(targets).map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('Destination name')}>
        {(id) => (
          <input
            id={id}
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={120}
          />
        )}
      </Field>
      <Field label={t(shape.label)}>
        {(id) => (
          <input id={id} value={target} onChange={(event) => setTarget(event.target.value)} required />
        )}
      </Field>
      {shape.secret ? (
        <Field label={t('Signing secret')}>
          {(id) => (
            <input
              id={id}
              type="password"
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
            />
          )}
        </Field>
      ) : null}
      <Field label={t('Alert language')}>
        {(id) => (
          <select id={id} value={locale} onChange={(event) => setLocale(event.target.value as 'en' | 'zh')}>
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        )}
      </Field>
      <button type="submit">{t('Create destination')}</button>
      <ErrorMessage message={error} />
    </form>
  );
}
