import { App } from 'aws-cdk-lib';
import { addRapport } from './add-rapport';

const app = new App();
// `cdk deploy -c alarmEmail=ops@example.com` (or ALARM_EMAIL): who alarms notify.
const alarmEmail = (app.node.tryGetContext('alarmEmail') as string | undefined) ?? process.env.ALARM_EMAIL;
addRapport(app, {
  baseCurrency: process.env.BASE_CURRENCY ?? 'USD',
  ...(process.env.CURRENCY_RATES ? { currencyRates: process.env.CURRENCY_RATES } : {}),
  ...(alarmEmail ? { alarmEmail } : {}),
  ...(process.env.SHARED_IDENTITIES ? { sharedIdentities: process.env.SHARED_IDENTITIES } : {}),
  ...(process.env.DEFAULT_PHONE_REGION ? { defaultPhoneRegion: process.env.DEFAULT_PHONE_REGION } : {}),
  ...(process.env.ALERT_EMAIL_FROM ? { alertEmailFrom: process.env.ALERT_EMAIL_FROM } : {}),
  ...(process.env.SES_CONFIGURATION_SET ? { sesConfigurationSet: process.env.SES_CONFIGURATION_SET } : {}),
});
