import { type FormEvent, useMemo, useState } from 'react';
import { query } from '../api/client';
import type { Campaign, CampaignResults, Destination, Page } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href, useRoute } from '../router';
import { AsyncView } from '../ui/async-view';
import { Confirm } from '../ui/confirm';
import { DestinationChoice } from '../ui/destination-choice';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { IntervalChart } from '../ui/interval-chart';
import { PagedTable } from '../ui/paged-table';
import { usePager } from '../ui/pager';
import { useApi } from '../ui/use-api';
import { label, segmentLabels } from './labels';

/** Campaigns: create one from a segment, watch enrolment and results (the interval drawn), export members. */
export default function CampaignsPage() {
  const route = useRoute();
  const selected = route.params.get('id') ?? undefined;
  return selected ? <CampaignDetail id={selected} /> : <CampaignList />;
}

function CampaignList() {
  const { t, dateTime } = useI18n();
  const { call, isAdmin } = useSession();
  const pager = usePager();
  const [campaigns, reload] = useApi(
    () => call<Page<Campaign>>('GET', `/api/campaigns${query({ cursor: pager.cursor })}`),
    pager.key,
  );
  return (
    <section>
      <h1>{t('Campaigns')}</h1>
      {isAdmin ? <CampaignForm onCreated={reload} /> : null}
      <AsyncView state={campaigns} isEmpty={(page) => page.items.length === 0} empty={t('No campaigns yet.')}>
        {(page) => (
          <PagedTable
            columns={[t('Name'), t('Status'), t('Audience'), t('Holdout'), t('Ends')]}
            pager={pager}
            nextCursor={page.cursor}
          >
            {page.items.map((campaign) => (
              <tr key={campaign.id}>
                <td>
                  <a href={href('/campaigns', { id: campaign.id })}>{campaign.name}</a>
                </td>
                <td>{t(statusLabels[campaign.status])}</td>
                <td>{audienceText(campaign, t)}</td>
                <td className="number">{campaign.holdoutPercent}%</td>
                <td>{dateTime(campaign.endsAt)}</td>
              </tr>
            ))}
          </PagedTable>
        )}
      </AsyncView>
    </section>
  );
}

const statusLabels = { scheduled: 'Scheduled', running: 'Running', ended: 'Ended' } as const;

function audienceText(campaign: Campaign, t: ReturnType<typeof useI18n>['t']): string {
  const parts = [
    ...(campaign.audience.segment ? [label(t, segmentLabels, campaign.audience.segment)] : []),
    ...campaign.audience.if.map(
      (condition) => `${condition.path} ${condition.op} ${JSON.stringify(condition.value ?? '')}`,
    ),
  ];
  return parts.join(' · ');
}

function CampaignForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const { call } = useSession();
  const [destinations] = useApi(
    () => call<Page<Destination>>('GET', '/api/destinations?limit=100'),
    'destinations',
  );
  const [name, setName] = useState('');
  const [segment, setSegment] = useState('at_risk');
  const [holdout, setHoldout] = useState('20');
  const [days, setDays] = useState('30');
  const [goal, setGoal] = useState('order.placed');
  const [within, setWithin] = useState('14');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await call('POST', '/api/campaigns', {
        name,
        audience: { segment },
        holdoutPercent: Number(holdout),
        endsAt: new Date(Date.now() + Number(days) * 86_400_000).toISOString(),
        goal: { on: goal, withinDays: Number(within) },
        destinations: chosen,
      });
      setName('');
      await onCreated();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-campaign">
      <h2 id="new-campaign">{t('New campaign')}</h2>
      <Field label={t('Campaign name')}>
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
      <Field label={t('Segment')}>
        {(id) => (
          <select id={id} value={segment} onChange={(event) => setSegment(event.target.value)}>
            {Object.entries(segmentLabels).map(([value, text]) => (
              <option key={value} value={value}>
                {t(text)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('Holdout (%)')}>
        {(id) => (
          <input
            id={id}
            type="number"
            min="1"
            max="90"
            value={holdout}
            onChange={(event) => setHoldout(event.target.value)}
          />
        )}
      </Field>
      <Field label={t('Runs for (days)')}>
        {(id) => (
          <input
            id={id}
            type="number"
            min="1"
            max="365"
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
        )}
      </Field>
      <Field label={t('Goal')}>
        {(id) => (
          <select id={id} value={goal} onChange={(event) => setGoal(event.target.value)}>
            <option value="order.placed">{t('Order placed')}</option>
            <option value="order.paid">{t('Order paid')}</option>
            <option value="message.received">{t('Message')}</option>
            <option value="checkout.started">{t('Checkout started')}</option>
          </select>
        )}
      </Field>
      <Field label={t('Within (days of enrolment)')}>
        {(id) => (
          <input
            id={id}
            type="number"
            min="1"
            max="365"
            value={within}
            onChange={(event) => setWithin(event.target.value)}
          />
        )}
      </Field>
      <DestinationChoice
        legend={t('Send the treatment group to')}
        destinations={destinations}
        chosen={chosen}
        onChange={setChosen}
      />
      <button type="submit" disabled={!name || chosen.length === 0}>
        {t('Create campaign')}
      </button>
      <ErrorMessage message={error} />
    </form>
  );
}

function CampaignDetail({ id }: { id: string }) {
  const { t, locale, dateTime, money, number } = useI18n();
  const { call, isAdmin, download } = useSession();
  const [campaign, reloadCampaign] = useApi(() => call<Campaign>('GET', `/api/campaigns/${id}`), id, 5000);
  const [results] = useApi(() => call<CampaignResults>('GET', `/api/campaigns/${id}/results`), id, 5000);
  const [error, setError] = useState<string>();
  const exportGroup = async (group: 'treatment' | 'control') => {
    setError(undefined);
    try {
      await download(`/api/campaigns/${id}/members.csv?group=${group}`, `campaign-${id}-${group}.csv`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <section className="campaign">
      <p>
        <a href={href('/campaigns')}>← {t('Campaigns')}</a>
      </p>
      <AsyncView state={campaign}>
        {(data) => (
          <>
            <h1>{data.name}</h1>
            <p className="muted">
              {t(statusLabels[data.status])} · {audienceText(data, t)} ·{' '}
              {t('holdout {percent}%', { percent: data.holdoutPercent })} · {dateTime(data.startsAt)} –{' '}
              {dateTime(data.endsAt)}
            </p>
            <p>
              {data.enrolment.done
                ? t('Enrolment done ({scanned} customers read).', { scanned: number(data.enrolment.scanned) })
                : t('Enrolling… {scanned} customers read so far.', {
                    scanned: number(data.enrolment.scanned),
                  })}
            </p>
            <div className="actions">
              {isAdmin ? (
                <>
                  <button type="button" onClick={() => void exportGroup('treatment')}>
                    {t('Export treatment (CSV)')}
                  </button>
                  <button type="button" onClick={() => void exportGroup('control')}>
                    {t('Export control (CSV)')}
                  </button>
                  {data.status !== 'ended' ? (
                    <Confirm
                      action={t('End campaign')}
                      question={t('End this campaign now? Nobody more is enrolled.')}
                      confirm={t('Confirm end')}
                      danger
                      onConfirm={async () => {
                        await call('POST', `/api/campaigns/${id}/end`);
                        await reloadCampaign();
                      }}
                    />
                  ) : null}
                </>
              ) : null}
            </div>
            <ErrorMessage message={error} />
          </>
        )}
      </AsyncView>
      <h2>{t('Results')}</h2>
      <AsyncView state={results}>
        {(data) => <ResultsView data={data} locale={locale} money={money} number={number} />}
      </AsyncView>
    </section>
  );
}

function ResultsView({
  data,
  locale,
  money,
  number,
}: {
  data: CampaignResults;
  locale: 'en' | 'zh';
  money: ReturnType<typeof useI18n>['money'];
  number: ReturnType<typeof useI18n>['number'];
}) {
  const { t } = useI18n();
  const conversion = data.lift.conversion;
  const rows = useMemo(
    () =>
      conversion.ci95
        ? [
            {
              label: t('Conversion lift (points)'),
              low: conversion.ci95[0] * 100,
              high: conversion.ci95[1] * 100,
            },
          ]
        : [],
    [conversion, t],
  );
  return (
    <>
      <p className="verdict" role="status">
        {data.verdict[locale]}
      </p>
      {rows.length ? (
        <IntervalChart title={t('95% interval of the conversion lift, in points')} rows={rows} />
      ) : null}
      <PagedTable
        columns={[
          t('Group'),
          t('Customers'),
          t('Converted'),
          t('Conversion rate'),
          t('Revenue'),
          t('Revenue per customer'),
        ]}
      >
        {(['treatment', 'control'] as const).map((group) => (
          <tr key={group}>
            <th scope="row">{group === 'treatment' ? t('Treatment') : t('Control')}</th>
            <td className="number">{number(data[group].customers)}</td>
            <td className="number">{number(data[group].converted)}</td>
            <td className="number">
              {data[group].conversionRate === null ? '—' : number(data[group].conversionRate ?? 0, 'percent')}
            </td>
            <td className="number">{money(data[group].revenue)}</td>
            <td className="number">
              {data[group].revenuePerCustomer
                ? money(data[group].revenuePerCustomer as { amount: number; currency: string })
                : '—'}
            </td>
          </tr>
        ))}
      </PagedTable>
      <dl className="scores">
        <div>
          <dt>{t('Lift (points)')}</dt>
          <dd>{conversion.absolute === null ? '—' : number(conversion.absolute * 100)}</dd>
        </div>
        <div>
          <dt>{t('95% interval (points)')}</dt>
          <dd>
            {conversion.ci95
              ? `${number(conversion.ci95[0] * 100)} – ${number(conversion.ci95[1] * 100)}`
              : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('p-value')}</dt>
          <dd>{conversion.pValue === null ? '—' : number(conversion.pValue)}</dd>
        </div>
        <div>
          <dt>{t('Minimum detectable lift (points)')}</dt>
          <dd>{data.minimumDetectableLift === null ? '—' : number(data.minimumDetectableLift * 100)}</dd>
        </div>
      </dl>
      <p className="muted">{conversion.method}</p>
    </>
  );
}
