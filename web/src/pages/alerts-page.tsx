import { useState } from 'react';
import { useI18n } from '../i18n/locale';
import { AlertLog } from './alert-log';
import { AlertRules } from './alert-rules';
import { Destinations } from './destinations';

/** Alerts: rules (from templates, edit, enable/disable), destinations (create, test), the log. */
export default function AlertsPage() {
  const { t } = useI18n();
  // Bumped when a destination is created, so the rule form offers it at once.
  const [destinationsRevision, setDestinationsRevision] = useState(0);
  return (
    <section className="alerts">
      <h1>{t('Alerts')}</h1>
      <AlertRules destinationsRevision={destinationsRevision} />
      <Destinations onChanged={() => setDestinationsRevision((revision) => revision + 1)} />
      <AlertLog />
    </section>
  );
}
