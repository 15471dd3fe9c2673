import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { plainSettingSchemas } from '../shared/config/settings';
import { AlarmTopic } from './constructs/alarm-topic';
import { addConsumers } from './constructs/consumers';
import { addEventPath } from './constructs/event-path';
import { FunctionCatalog } from './constructs/function-catalog';
import { addHttpApi } from './constructs/http-api';
import { addMessageFailureAlarm } from './constructs/message-failure-alarm';
import { OperationsDashboard } from './constructs/operations-dashboard';
import { RapportTable } from './constructs/rapport-table';
import { addReceivers } from './constructs/receivers';
import { addScheduledJobs } from './constructs/scheduled-jobs';
import { addSendingSecrets } from './constructs/sending-secrets';

/** Options of the stack. */
export interface RapportStackProps extends StackProps {
  /** ISO 4217 code of the currency revenue is kept in. */
  baseCurrency?: string;
  /** Rates into the base currency, `EUR=1.08,GBP=1.27` (orders in other currencies are kept but not counted in revenue). */
  currencyRates?: string;
  /** How long a checkout waits for an order before it is called abandoned (ISO 8601 duration). */
  abandonedCheckoutAfter?: string;
  /** The public URL platforms call, when it is a custom domain rather than the API's own. */
  publicBaseUrl?: string;
  /** Identities several people use, never merged on (`phone:+14155550100,email:orders@myshop.com`). */
  sharedIdentities?: string;
  /** ISO 3166-1 region for phone numbers written without a country code (`US`, `GB`, `TW`). */
  defaultPhoneRegion?: string;
  /** How long quarantined payloads are kept (ISO 8601 duration, P1D to P365D; default P30D). */
  quarantineRetention?: string;
  /** The sender of alert emails, an address or domain verified in SES. */
  alertEmailFrom?: string;
  /** An SES configuration set for alert emails (bounce and complaint tracking). */
  sesConfigurationSet?: string;
  /** The WhatsApp Cloud API phone number id replies are sent from (Meta's app dashboard, WhatsApp > API Setup). */
  whatsappPhoneNumberId?: string;
  /** The Twilio account (`AC…`) SMS and Twilio WhatsApp replies are sent from. */
  twilioAccountSid?: string;
  /** The sender of Twilio messages: a number, `whatsapp:+…`, or a Messaging Service `MG…`. */
  twilioFrom?: string;
  /** The sender of emails to customers (`Shop <care@shop.example>`), an address or domain verified in SES. */
  messageEmailFrom?: string;
  /** The Meta app has the Human Agent permission: a person may reply on Messenger and Instagram up to 7 days. */
  messengerHumanAgent?: boolean;
  /** Who receives alarm notifications (an SNS email subscription, confirmed from the first email). */
  alarmEmail?: string;
  /** Lambda's own START/END/REPORT lines: `WARN` (default) drops them, `INFO` keeps them (memory sizing). */
  platformLogLevel?: 'DEBUG' | 'INFO' | 'WARN';
  /** `debug`, `info`, `warn` or `error`. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/**
 * Rapport in one stack: the single table and its stream relay, the `rapport` bus with rules from
 * the shared routing table, one receiver per channel reading only its own secret, the consumers
 * (the sender of replies among them, with the platforms' tokens as secrets of its own),
 * the scheduled jobs, the HTTP API (webhooks public and signature-checked, `/api` behind Cognito)
 * with the dashboard, and the alarms and operations dashboard.
 *
 * Each part is in its own file under `infra/constructs/`. The parts create their resources in
 * this stack's scope, with the construct ids they have always had: a resource's logical id comes
 * from its construct path, and a new one would replace it on the next deploy.
 *
 * @example
 * new RapportStack(app, 'Rapport', { baseCurrency: 'EUR' });
 */
export class RapportStack extends Stack {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: RapportStackProps = {}) {
    super(scope, id, props);
    const { table } = new RapportTable(this, 'Data');
    this.table = table;
    const bus = new EventBus(this, 'Bus', { eventBusName: 'rapport' });
    const alarms = new AlarmTopic(this, 'Alarms', props.alarmEmail ? { email: props.alarmEmail } : {});

    // Every function is defined by its part below and bound at the end, once everything a binding
    // may ask for exists (Twilio's signed URL is the API's). The order they are defined in is the
    // order of the operations dashboard's error graph.
    const functions = new FunctionCatalog(this, props);
    const receivers = addReceivers(this, { functions, alarms: alarms.topic });
    const http = addHttpApi(this, { functions, receivers: receivers.functions });
    // Transactional outbox: the table's stream is relayed to the bus.
    const events = addEventPath(this, { functions, table, alarms: alarms.topic });
    const consumers = addConsumers(this, { functions, bus, alarms: alarms.topic });
    const jobs = addScheduledJobs(this, { functions, alarms: alarms.topic });
    // The senders' tokens; those the receivers already hold (Twilio's, WeChat's app id) are shared.
    const sendingSecrets = addSendingSecrets(this, receivers.secrets);
    addMessageFailureAlarm(this, alarms.topic);

    // Each function takes from these exactly what its binding declares.
    functions.bindAll(
      {
        table,
        bus,
        unpublishableRecordsQueue: events.unpublishableRecords,
        receivers: receivers.lambdas,
        secrets: { ...receivers.secrets, ...sendingSecrets },
        settings: {
          LOG_LEVEL: props.logLevel ?? 'info',
          BASE_CURRENCY: props.baseCurrency ?? 'USD',
          CURRENCY_RATES: props.currencyRates ?? '',
          ABANDONED_CHECKOUT_AFTER: props.abandonedCheckoutAfter ?? 'PT1H',
          // Twilio signs the full public URL it calls; operators with a custom domain pass publicBaseUrl.
          PUBLIC_BASE_URL: props.publicBaseUrl ?? http.api.apiEndpoint,
          SHARED_IDENTITIES: props.sharedIdentities ?? '',
          DEFAULT_PHONE_REGION: props.defaultPhoneRegion ?? '',
          // Deployed destinations are always https to public addresses.
          ALLOW_LOOPBACK_DESTINATIONS: 'false',
          ALERT_EMAIL_FROM: props.alertEmailFrom ?? '',
          SES_CONFIGURATION_SET: props.sesConfigurationSet ?? '',
          // Emails go through SES in AWS; only `npm start` writes them to files.
          EMAIL_OUTBOX_DIR: '',
          QUARANTINE_RETENTION: props.quarantineRetention ?? 'P30D',
          WHATSAPP_PHONE_NUMBER_ID: props.whatsappPhoneNumberId ?? '',
          TWILIO_ACCOUNT_SID: props.twilioAccountSid ?? '',
          TWILIO_FROM: props.twilioFrom ?? '',
          // The platforms' own APIs (shared/config/settings.ts); only tests point them elsewhere.
          META_GRAPH_URL: plainSettingSchemas.META_GRAPH_URL.parse(undefined),
          TELEGRAM_API_URL: plainSettingSchemas.TELEGRAM_API_URL.parse(undefined),
          LINE_API_URL: plainSettingSchemas.LINE_API_URL.parse(undefined),
          WECHAT_API_URL: plainSettingSchemas.WECHAT_API_URL.parse(undefined),
          TWILIO_API_URL: plainSettingSchemas.TWILIO_API_URL.parse(undefined),
          X_API_URL: plainSettingSchemas.X_API_URL.parse(undefined),
          MESSAGE_EMAIL_FROM: props.messageEmailFrom ?? '',
          MESSENGER_HUMAN_AGENT: props.messengerHumanAgent ? 'true' : 'false',
        },
      },
      alarms.topic,
    );

    const operations = new OperationsDashboard(this, 'Operations', {
      relay: events.relay.fn,
      functions: functions.all().map((fn) => fn.fn),
      deadLetterQueues: [...events.deadLetterQueues, ...jobs.deadLetterQueues, ...consumers.deadLetterQueues],
    });
    new CfnOutput(this, 'DashboardName', { value: operations.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}
