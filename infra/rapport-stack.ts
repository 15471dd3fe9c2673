import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AccountRecovery, FeaturePlan, Mfa, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { ChannelAdapter } from '../shared/channels/channel-adapter';
import { channelRegistry } from '../shared/channels/channel-registry';
import { type HttpFunction, httpRoutes, webhookChannels } from '../shared/http/routes';
import { unsetSecretPlaceholder } from '../shared/secrets/secret-source';
import { DeadLetterQueue } from './constructs/dead-letter-queue';
import { EventRoutes } from './constructs/event-routes';
import { RapportFunction } from './constructs/rapport-function';
import { RapportTable } from './constructs/rapport-table';
import { acknowledgeInvokeOfVersions } from './nag-suppressions';

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
    const baseCurrency = props.baseCurrency ?? 'USD';
    const { table } = new RapportTable(this, 'Data');
    this.table = table;
    const bus = new EventBus(this, 'Bus', { eventBusName: 'rapport' });
    const common = {
      BASE_CURRENCY: baseCurrency,
      CURRENCY_RATES: props.currencyRates ?? '',
      ABANDONED_CHECKOUT_AFTER: props.abandonedCheckoutAfter ?? 'PT1H',
    };

    // Receivers: one per channel, each bound to its own secret only.
    const httpFunctions = {} as Record<HttpFunction, RapportFunction>;
    for (const channel of webhookChannels) {
      const receiver = new RapportFunction(this, `receive-${channel}`, {
        name: `receive-${channel}`,
        environment: common,
      }).bindTable(table, 'readWrite');
      // One secret per setting, readable by this channel's receiver only.
      const adapter: ChannelAdapter = channelRegistry[channel];
      for (const setting of [...adapter.secretSettings, ...(adapter.optionalSecretSettings ?? [])]) {
        const secret = new Secret(this, `${channel}-${setting}`, {
          description: `Rapport ${channel} ${setting}. Replace ${unsetSecretPlaceholder} with the platform's value.`,
          secretStringValue: SecretValue.unsafePlainText(unsetSecretPlaceholder),
          removalPolicy: RemovalPolicy.RETAIN,
        });
        receiver.bindSecret(secret, setting);
        new CfnOutput(this, `${setting.replaceAll('_', '')}Arn`, { value: secret.secretArn });
      }
      httpFunctions[`receive-${channel}`] = receiver;
    }
    httpFunctions['check-health'] = new RapportFunction(this, 'check-health', { name: 'check-health' });
    httpFunctions['reject-unknown-channel'] = new RapportFunction(this, 'reject-unknown-channel', {
      name: 'reject-unknown-channel',
    });
    httpFunctions['serve-api'] = new RapportFunction(this, 'serve-api', {
      name: 'serve-api',
      environment: common,
    })
      .bindTable(table, 'read')
      .bindReceivers(
        Object.fromEntries(
          webhookChannels.map((channel) => [channel, httpFunctions[`receive-${channel}`].fn]),
        ),
      );
    acknowledgeInvokeOfVersions(
      this,
      webhookChannels.map((channel) => httpFunctions[`receive-${channel}`].fn),
      'The API may invoke the receivers (and their versions) to replay quarantined payloads; nothing else.',
    );

    // Transactional outbox: the table's stream is relayed to the bus.
    const relay = new RapportFunction(this, 'relay-events', {
      name: 'relay-events',
      timeout: Duration.seconds(60),
    }).bindBus(bus);
    const relayDlq = new DeadLetterQueue(this, 'relay-dlq');
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
    new Alarm(this, 'RelayIteratorAge', {
      alarmDescription: 'The relay is more than 5 minutes behind the table stream: events are delayed.',
      metric: relay.fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 5 * 60_000,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // Consumers, routed by the shared routing table.
    const score = new RapportFunction(this, 'score-customer', {
      name: 'score-customer',
      environment: common,
      timeout: Duration.seconds(30),
    }).bindTable(table, 'readWrite');
    const notify = new RapportFunction(this, 'notify-marketers', { name: 'notify-marketers' });
    new EventRoutes(this, 'Routes', { bus, targets: { score: score.fn, notify: notify.fn } });

    // Abandoned checkouts: a scheduled sweep of the due-date index.
    const detect = new RapportFunction(this, 'detect-abandoned-checkouts', {
      name: 'detect-abandoned-checkouts',
      timeout: Duration.minutes(2),
    }).bindTable(table, 'readWrite');
    const detectDlq = new DeadLetterQueue(this, 'detect-abandoned-checkouts-dlq');
    new Schedule(this, 'DetectAbandonedCheckouts', {
      description: 'Finds started checkouts not followed by an order (ABANDONED_CHECKOUT_AFTER).',
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      target: new LambdaInvoke(detect.fn, {
        retryAttempts: 3,
        maxEventAge: Duration.minutes(10),
        deadLetterQueue: detectDlq.queue,
      }),
    });

    acknowledgeInvokeOfVersions(
      this,
      [detect.fn],
      'The scheduler role may invoke this one function and its versions.',
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
    const client = users.addClient('Dashboard', { authFlows: { userSrp: true } });
    const authorizer = new HttpUserPoolAuthorizer('MarketerJwt', users, { userPoolClients: [client] });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const api = new HttpApi(this, 'Api', {
      apiName: 'rapport',
      createDefaultStage: false,
    });
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
    // Twilio signs the full public URL it calls; operators with a custom domain pass publicBaseUrl.
    httpFunctions['receive-twilio'].fn.addEnvironment(
      'PUBLIC_BASE_URL',
      props.publicBaseUrl ?? api.apiEndpoint,
    );
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    for (const channel of webhookChannels) {
      new CfnOutput(this, `${channel}WebhookUrl`, { value: `${api.apiEndpoint}/webhooks/${channel}` });
    }
    new CfnOutput(this, 'UserPoolId', { value: users.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }
}
