import { useI18n } from '../i18n/locale';

/** Campaigns with holdout groups arrive with their API (issue 14); until then the page says so. */
export default function CampaignsPage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('Campaigns')}</h1>
      <p className="state empty">
        {t('Campaigns with holdout groups are not available in this version yet.')}
      </p>
    </section>
  );
}
