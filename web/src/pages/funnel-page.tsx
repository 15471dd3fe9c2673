import { useMemo, useState } from 'react';
import { query } from '../api/client';
import type { Funnel } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { AsyncView } from '../ui/async-view';
import { BarChart } from '../ui/bar-chart';
import { Field } from '../ui/field';
import { PagedTable } from '../ui/paged-table';
import { useApi } from '../ui/use-api';
import { label, stageLabels } from './labels';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Funnel: visitor → engaged → shopper → buyer → repeat for a chosen period, counts and conversion. */
export default function FunnelPage() {
  const { t } = useI18n();
  const { call } = useSession();
  const [from, setFrom] = useState(day(-29));
  const [to, setTo] = useState(day(0));
  const [funnel] = useApi(() => call<Funnel>('GET', `/api/funnel${query({ from, to })}`), `${from}|${to}`);
  return (
    <section>
      <h1>{t('Funnel')}</h1>
      <form className="toolbar" onSubmit={(event) => event.preventDefault()}>
        <Field label={t('From')}>
          {(id) => (
            <input
              id={id}
              type="date"
              value={from}
              max={to}
              onChange={(event) => setFrom(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('To')}>
          {(id) => (
            <input
              id={id}
              type="date"
              value={to}
              min={from}
              onChange={(event) => setTo(event.target.value)}
            />
          )}
        </Field>
      </form>
      <AsyncView
        state={funnel}
        isEmpty={(data) => data.stages.every((stage) => stage.customers === 0)}
        empty={t('No customer reached a stage in this period.')}
      >
        {(data) => <FunnelView data={data} />}
      </AsyncView>
    </section>
  );
}

function FunnelView({ data }: { data: Funnel }) {
  const { t, number } = useI18n();
  const labels = useMemo(() => data.stages.map((stage) => label(t, stageLabels, stage.stage)), [data, t]);
  const values = useMemo(() => data.stages.map((stage) => stage.customers), [data]);
  return (
    <>
      <BarChart title={t('Customers who reached each stage')} labels={labels} values={values} />
      <PagedTable columns={[t('Stage'), t('Customers'), t('Conversion from the stage before')]}>
        {data.stages.map((stage, index) => (
          <tr key={stage.stage}>
            <td>{labels[index]}</td>
            <td className="number">{number(stage.customers)}</td>
            <td className="number">
              {stage.conversionFromPrevious === null ? '—' : number(stage.conversionFromPrevious, 'percent')}
            </td>
          </tr>
        ))}
      </PagedTable>
    </>
  );
}
