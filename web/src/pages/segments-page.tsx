import { useMemo } from 'react';
import type { SegmentCounts } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/locale';
import { href } from '../router';
import { AsyncView } from '../ui/async-view';
import { BarChart } from '../ui/bar-chart';
import { PagedTable } from '../ui/paged-table';
import { useApi } from '../ui/use-api';
import { label, segmentLabels } from './labels';

/** Segments: customers per RFM segment as a chart and a table; each opens the customer list. */
export default function SegmentsPage() {
  const { t } = useI18n();
  const { call } = useSession();
  const [counts] = useApi(() => call<SegmentCounts>('GET', '/api/segments'), 'segments');
  return (
    <section>
      <h1>{t('Segments')}</h1>
      <AsyncView
        state={counts}
        isEmpty={(data) => data.items.every((item) => item.customers === 0)}
        empty={t('No customer is scored into a segment yet.')}
      >
        {(data) => <SegmentView data={data} />}
      </AsyncView>
    </section>
  );
}

function SegmentView({ data }: { data: SegmentCounts }) {
  const { t, number } = useI18n();
  const labels = useMemo(() => data.items.map((item) => label(t, segmentLabels, item.segment)), [data, t]);
  const values = useMemo(() => data.items.map((item) => item.customers), [data]);
  return (
    <>
      <BarChart title={t('Customers per segment')} labels={labels} values={values} />
      <PagedTable columns={[t('Segment'), t('Customers')]}>
        {data.items.map((item, index) => (
          <tr key={item.segment}>
            <td>
              <a href={href('/customers', { segment: item.segment })}>{labels[index]}</a>
            </td>
            <td className="number">{number(item.customers)}</td>
          </tr>
        ))}
      </PagedTable>
    </>
  );
}
