import { App } from 'aws-cdk-lib';
import { addRapport } from './add-rapport';

const app = new App();
/** A deploy-time setting: `cdk deploy -c <context>=…`, or the environment variable of the same meaning. */
const setting = (context: string, variable: string): string | undefined =>
  (app.node.tryGetContext(context) as string | undefined) ?? process.env[variable];
// `cdk deploy -c alarmEmail=ops@example.com` (or ALARM_EMAIL): who alarms notify.
const alarmEmail = setting('alarmEmail', 'ALARM_EMAIL');
// The senders' plain settings (their tokens are secrets, set after the deploy).
const whatsappPhoneNumberId = setting('whatsappPhoneNumberId', 'WHATSAPP_PHONE_NUMBER_ID');
const twilioAccountSid = setting('twilioAccountSid', 'TWILIO_ACCOUNT_SID');
const twilioFrom = setting('twilioFrom', 'TWILIO_FROM');
const messageEmailFrom = setting('messageEmailFrom', 'MESSAGE_EMAIL_FROM');
const messengerHumanAgent = String(setting('messengerHumanAgent', 'MESSENGER_HUMAN_AGENT')) === 'true';
// `-c publicBaseUrl=https://crm.shop.example` when platforms call a custom domain (Twilio signs the
// URL it calls, and replies ask for status callbacks there). Context only: a PUBLIC_BASE_URL in a
// developer's shell is usually a tunnel to `npm start`.
const publicBaseUrl = app.node.tryGetContext('publicBaseUrl') as string | undefined;
addRapport(app, {
  baseCurrency: process.env.BASE_CURRENCY ?? 'USD',
  ...(process.env.CURRENCY_RATES ? { currencyRates: process.env.CURRENCY_RATES } : {}),
  ...(alarmEmail ? { alarmEmail } : {}),
  ...(process.env.SHARED_IDENTITIES ? { sharedIdentities: process.env.SHARED_IDENTITIES } : {}),
  ...(process.env.DEFAULT_PHONE_REGION ? { defaultPhoneRegion: process.env.DEFAULT_PHONE_REGION } : {}),
  ...(process.env.ALERT_EMAIL_FROM ? { alertEmailFrom: process.env.ALERT_EMAIL_FROM } : {}),
  ...(process.env.SES_CONFIGURATION_SET ? { sesConfigurationSet: process.env.SES_CONFIGURATION_SET } : {}),
  ...(whatsappPhoneNumberId ? { whatsappPhoneNumberId } : {}),
  ...(twilioAccountSid ? { twilioAccountSid } : {}),
  ...(twilioFrom ? { twilioFrom } : {}),
  ...(messageEmailFrom ? { messageEmailFrom } : {}),
  ...(messengerHumanAgent ? { messengerHumanAgent } : {}),
  ...(publicBaseUrl ? { publicBaseUrl } : {}),
});
