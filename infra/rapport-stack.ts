import {
  Aws,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { channelSecretSettings } from '../shared/channels/channel-names';
import type { FunctionName } from '../shared/config/function-bindings';
import { type HttpFunction, httpRoutes, webhookChannels } from '../shared/http/routes';
import { unsetSecretPlaceholder } from '../shared/secrets/secret-source';
import { AlarmTopic } from './constructs/alarm-topic';
import { DashboardSite } from './constructs/dashboard-site';
import { DeadLetterQueue } from './constructs/dead-letter-queue';
import { EventRoutes } from './constructs/event-routes';
import { OperationsDashboard } from './constructs/operations-dashboard';
import { type FunctionResources, RapportFunction } from './constructs/rapport-function';
import { RapportTable } from './constructs/rapport-table';
import { acknowledgeDashboardFindings, acknowledgeInvokeOfVersions } from './nag-suppressions';

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
  /** Who receives alarm notifications (an SNS email subscription, confirmed from the first email). */
  alarmEmail?: string;
  /** Lambda's own START/END/REPORT lines: `WARN` (default) drops them, `INFO` keeps them (memory sizing). */
  platformLogLevel?: 'DEBUG' | 'INFO' | 'WARN';
  /** `debug`, `info`, `warn` or `error`. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/**
 * Rapport in one stack: the single table and its stream relay, the `rapport` bus with rules from
 * the shared routing table, one receiver per channel reading only its own secret, the score and
 * notify consumers, and the HTTP API (webhooks public and signature-checked, `/api` behind Cognito).
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

    // Every function first; each is bound below, once the API (Twilio's signed URL) exists.
    const functions = new Map<FunctionName, RapportFunction>();
    const define = (name: FunctionName, options: { timeout?: Duration; memorySize?: number } = {}) => {
      const fn = new RapportFunction(this, name, {
        name,
        ...options,
        applicationLogLevel: (props.logLevel ?? 'info').toUpperCase() as 'INFO',
        // Lambda's START/END/REPORT lines are most of the log volume: off unless asked for.
        systemLogLevel: props.platformLogLevel ?? 'WARN',
      });
      functions.set(name, fn);
      return fn;
    };
    const httpFunctions = {} as Record<HttpFunction, RapportFunction>;
    for (const channel of webhookChannels) httpFunctions[`receive-${channel}`] = define(`receive-${channel}`);
    httpFunctions['check-health'] = define('check-health');
    httpFunctions['reject-unknown-channel'] = define('reject-unknown-channel');
    httpFunctions['serve-api'] = define('serve-api', { timeout: Duration.seconds(29) });
    const receivers = Object.fromEntries(
      webhookChannels.map((channel) => [channel, httpFunctions[`receive-${channel}`].fn]),
    );
    acknowledgeInvokeOfVersions(
      this,
      Object.values(receivers),
      'The API may invoke the receivers (and their versions) to replay quarantined payloads; nothing else.',
    );

    // One secret per setting of each channel, readable by that channel's receiver only.
    const secrets: Record<string, Secret> = {};
    for (const channel of webhookChannels) {
      const { required, optional } = channelSecretSettings[channel];
      for (const setting of [...required, ...optional]) {
        secrets[setting] = new Secret(this, `${channel}-${setting}`, {
          description: `Rapport ${channel} ${setting}. Replace ${unsetSecretPlaceholder} with the platform's value.`,
          secretStringValue: SecretValue.unsafePlainText(unsetSecretPlaceholder),
          removalPolicy: RemovalPolicy.RETAIN,
        });
        new CfnOutput(this, `${setting.replaceAll('_', '')}Arn`, { value: secrets[setting].secretArn });
      }
    }

    // Transactional outbox: the table's stream is relayed to the bus.
    const relay = define('relay-events', { timeout: Duration.seconds(60) });
    const relayDlq = new DeadLetterQueue(this, 'relay-dlq', alarms.topic);
    // Keys of the records the relay could not turn into their event, after retrying for a while:
    // the items stay in the table, and these keys let them be published again once fixed.
    const unpublishable = new DeadLetterQueue(this, 'relay-unpublishable', alarms.topic);
    const deadLetterQueues = [
      { id: 'relay', queue: relayDlq.queue },
      { id: 'relay-unpublishable', queue: unpublishable.queue },
    ];
    relay.fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // Retry for the stream's whole 24-hour retention; only then does a pointer go to the DLQ.
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(relayDlq.queue),
      }),
    );
    alarms.watch(
      new Alarm(this, 'RelayIteratorAge', {
        alarmDescription: 'The relay is more than 5 minutes behind the table stream: events are delayed.',
        metric: relay.fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
        threshold: 5 * 60_000,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    alarms.watch(
      new Alarm(this, 'RelayUnpublishableRecords', {
        alarmDescription:
          'The relay could not turn table items into their events for 10 minutes: their keys are in the relay-unpublishable queue and the items in the table. Fix the cause and publish them again (docs/runbook.md).',
        metric: new Metric({
          namespace: 'Rapport',
          metricName: 'UnpublishableRecord',
          dimensionsMap: { function: 'relay-events' },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    alarms.watch(
      new Alarm(this, 'SecretsUnavailable', {
        alarmDescription:
          'A receiver could not read a secret it is bound to (deleted, denied or timed out): its platform is being answered 503.',
        // Alarms cannot use SEARCH: the sum of each receiver's metric, named one by one (10, the limit).
        metric: new MathExpression({
          expression: webhookChannels.map((_, index) => `m${index}`).join('+'),
          usingMetrics: Object.fromEntries(
            webhookChannels.map((channel, index) => [
              `m${index}`,
              new Metric({
                namespace: 'Rapport',
                metricName: 'SecretUnavailable',
                dimensionsMap: { function: `receive-${channel}` },
                statistic: 'Sum',
                period: Duration.minutes(1),
              }),
            ]),
          ),
          label: 'SecretUnavailable',
          period: Duration.minutes(1),
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    // Consumers, routed by the shared routing table.
    const score = define('score-customer', { timeout: Duration.seconds(30) });
    // Alerts: destinations in parallel, each within a 20 s retry budget.
    const notify = define('notify-marketers', { timeout: Duration.seconds(60) });
    const merge = define('merge-customers', { timeout: Duration.seconds(30) });
    const routes = new EventRoutes(this, 'Routes', {
      bus,
      alarms: alarms.topic,
      targets: { score: score.fn, notify: notify.fn, merge: merge.fn },
    });

    // Scheduled jobs (EventBridge Scheduler), each with retries and its own alarmed DLQ.
    const scheduled = (
      name: FunctionName,
      id: string,
      job: {
        description: string;
        every: Duration;
        maxEventAge: Duration;
        timeout: Duration;
        memorySize?: number;
      },
    ) => {
      const fn = define(name, {
        timeout: job.timeout,
        ...(job.memorySize ? { memorySize: job.memorySize } : {}),
      });
      const dlq = new DeadLetterQueue(this, `${name}-dlq`, alarms.topic);
      deadLetterQueues.push({ id: name, queue: dlq.queue });
      // The scheduler invokes asynchronously: a run that throws is retried by Lambda, then dead-lettered.
      fn.fn.configureAsyncInvoke({
        retryAttempts: 1,
        // Lambda keeps an asynchronous event at most 6 hours.
        maxEventAge: Duration.seconds(Math.min(job.maxEventAge.toSeconds(), 21_600)),
        onFailure: new SqsDestination(dlq.queue),
      });
      new Schedule(this, id, {
        description: job.description,
        schedule: ScheduleExpression.rate(job.every),
        target: new LambdaInvoke(fn.fn, {
          retryAttempts: 3,
          maxEventAge: job.maxEventAge,
          deadLetterQueue: dlq.queue,
        }),
      });
      return fn;
    };
    // Abandoned checkouts: a sweep of the due-date index.
    const detect = scheduled('detect-abandoned-checkouts', 'DetectAbandonedCheckouts', {
      description: 'Finds started checkouts not followed by an order (ABANDONED_CHECKOUT_AFTER).',
      every: Duration.minutes(5),
      maxEventAge: Duration.minutes(10),
      timeout: Duration.minutes(2),
    });
    // Scoring's batch jobs read every buyer: minutes, and more memory for the fit.
    const refresh = scheduled('refresh-scores', 'RefreshScores', {
      description: 'Measures the RFM boundaries and rescores customers whose scores change with time alone.',
      every: Duration.days(1),
      maxEventAge: Duration.hours(6),
      timeout: Duration.minutes(10),
      memorySize: 1024,
    });
    const fit = scheduled('fit-customer-model', 'FitCustomerModel', {
      description: 'Fits BG/NBD and Gamma-Gamma on every buyer and stores the parameters.',
      every: Duration.days(7),
      maxEventAge: Duration.hours(12),
      timeout: Duration.minutes(10),
      memorySize: 2048,
    });

    // Alerts held through quiet hours or a rate limit, and digests, go out when due.
    const sweep = scheduled('send-held-alerts', 'SendHeldAlerts', {
      description: 'Sends held alerts and rule digests when they fall due.',
      every: Duration.minutes(1),
      maxEventAge: Duration.minutes(5),
      timeout: Duration.minutes(2),
    });

    // Campaigns: everyone in the audience when a campaign starts is enrolled in pages, every minute.
    const enrol = scheduled('enrol-campaign-audiences', 'EnrolCampaignAudiences', {
      description:
        'Enrols each started campaign’s audience (segment index or a scan), continuing where it stopped.',
      every: Duration.minutes(1),
      maxEventAge: Duration.minutes(5),
      timeout: Duration.minutes(2),
    });

    acknowledgeInvokeOfVersions(
      this,
      [detect.fn, refresh.fn, fit.fn, sweep.fn, enrol.fn],
      'The scheduler role may invoke these functions and their versions.',
    );

    // HTTP API.
    const users = new UserPool(this, 'Marketers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.ESSENTIALS,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Roles: `admin` changes things, `viewer` only reads (the API reads `cognito:groups`).
    for (const [groupName, description, precedence] of [
      ['admin', 'Marketers who change rules, destinations, settings, merges, erasures and replays', 1],
      ['viewer', 'Marketers and service staff who only read', 2],
    ] as const) {
      new CfnUserPoolGroup(this, `${groupName}Group`, {
        userPoolId: users.userPoolId,
        groupName,
        description,
        precedence,
      });
    }
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const api = new HttpApi(this, 'Api', {
      apiName: 'rapport',
      createDefaultStage: false,
    });
    // The dashboard signs people in through the Cognito hosted UI (authorization code with PKCE).
    // The prefix must be unique in the region: the first part of this stack's id is.
    const hostedUi = users.addDomain('HostedUi', {
      cognitoDomain: {
        domainPrefix: `rapport-${Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))))}`,
      },
    });
    const dashboard = new DashboardSite(this, 'Dashboard', {
      apiUrl: api.apiEndpoint,
      authDomain: hostedUi.baseUrl(),
    });
    const client = users.addClient('Dashboard', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [dashboard.url],
        logoutUrls: [dashboard.url],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
    });
    dashboard.publishConfig({ clientId: client.userPoolClientId });
    acknowledgeDashboardFindings(this, dashboard.bucket);
    const authorizer = new HttpUserPoolAuthorizer('MarketerJwt', users, { userPoolClients: [client] });
    api.addStage('PublicStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
      throttle: { rateLimit: 500, burstLimit: 1000 },
    });
    for (const route of httpRoutes) {
      api.addRoutes({
        path: route.path,
        methods: [route.method === 'ANY' ? HttpMethod.ANY : HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(
          `${route.function}-${route.method}-${route.path}`,
          httpFunctions[route.function].fn,
        ),
        ...(route.authorized ? { authorizer } : {}),
      });
    }
    // Each function takes from these exactly what its binding declares.
    const resources: FunctionResources = {
      table,
      bus,
      unpublishableRecordsQueue: unpublishable.queue,
      receivers,
      secrets,
      settings: {
        LOG_LEVEL: props.logLevel ?? 'info',
        BASE_CURRENCY: props.baseCurrency ?? 'USD',
        CURRENCY_RATES: props.currencyRates ?? '',
        ABANDONED_CHECKOUT_AFTER: props.abandonedCheckoutAfter ?? 'PT1H',
        // Twilio signs the full public URL it calls; operators with a custom domain pass publicBaseUrl.
        PUBLIC_BASE_URL: props.publicBaseUrl ?? api.apiEndpoint,
        SHARED_IDENTITIES: props.sharedIdentities ?? '',
        DEFAULT_PHONE_REGION: props.defaultPhoneRegion ?? '',
        // Deployed destinations are always https to public addresses.
        ALLOW_LOOPBACK_DESTINATIONS: 'false',
        ALERT_EMAIL_FROM: props.alertEmailFrom ?? '',
        SES_CONFIGURATION_SET: props.sesConfigurationSet ?? '',
        // Emails go through SES in AWS; only `npm start` writes them to files.
        EMAIL_OUTBOX_DIR: '',
        QUARANTINE_RETENTION: props.quarantineRetention ?? 'P30D',
      },
    };
    for (const fn of functions.values()) {
      fn.bind(resources);
      // A function that throws (a bug, an outage) reaches a person, not only the logs.
      alarms.watch(
        new Alarm(this, `${fn.name}-errors`, {
          alarmDescription: `${fn.name} failed invocations in the last 5 minutes (see its log group).`,
          metric: fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const [target, dlq] of Object.entries(routes.deadLetterQueues)) {
      deadLetterQueues.push({ id: target, queue: dlq.queue });
    }
    const operations = new OperationsDashboard(this, 'Operations', {
      relay: relay.fn,
      functions: [...functions.values()].map((fn) => fn.fn),
      deadLetterQueues,
    });
    new CfnOutput(this, 'DashboardName', { value: operations.dashboard.dashboardName });
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    for (const channel of webhookChannels) {
      new CfnOutput(this, `${channel}WebhookUrl`, { value: `${api.apiEndpoint}/webhooks/${channel}` });
    }
    new CfnOutput(this, 'UserPoolId', { value: users.userPoolId });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'DashboardUrl', { value: dashboard.url });
    new CfnOutput(this, 'SignInUrl', { value: hostedUi.baseUrl() });
  }
}
