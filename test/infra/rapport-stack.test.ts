import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { addRapport } from '../../infra/add-rapport';
import { scheduledJobs } from '../../infra/constructs/scheduled-jobs';
import type { ChannelAdapter } from '../../shared/channels/channel-adapter';
import { channelRegistry } from '../../shared/channels/channel-registry';
import { senderSecretSettings } from '../../shared/config/function-bindings';
import { routingTable } from '../../shared/events/routing-table';
import { outboundPlatforms } from '../../shared/outbound/platform-sender';
import { synthAccount, synthRegion } from '../helpers/synthesized-stack';

let template: Template;
let outdir: string;

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON.
type Resource = { Type: string; Properties: Record<string, any> };

beforeAll(() => {
  // The assembly synthesized once for this run (test/helpers/synth-global-setup.ts).
  outdir = inject('cdkOut');
  template = Template.fromJSON(JSON.parse(readFileSync(join(outdir, 'Rapport.template.json'), 'utf8')));
});

const resources = (type: string): Array<[string, Resource]> =>
  Object.entries(template.findResources(type)) as Array<[string, Resource]>;

/** Rapport's own functions: not the handler CDK adds for its BucketDeployment (the dashboard upload). */
const rapportFunctions = () =>
  resources('AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));

/** The logical id of a Rapport function, by its folder under `functions/` (`send-messages` → `sendmessages…`). */
const functionId = (name: string): string => {
  const found = rapportFunctions().find(([id]) => id.startsWith(`${name.replaceAll('-', '')}Function`));
  if (!found) throw new Error(`No function ${name} in the template`);
  return found[0];
};

/** The policies attached to a function's role. */
const policiesOf = (name: string): Array<[string, Resource]> =>
  resources('AWS::IAM::Policy').filter(([, policy]) =>
    JSON.stringify(policy.Properties.Roles).includes(`"${name.replaceAll('-', '')}FunctionServiceRole`),
  );

/** The sending functions: the consumer of `message.queued` and the sweep of waiting messages. */
const sendingFunctions = ['send-messages', 'resend-waiting-messages'] as const;

describe('RapportStack', () => {
  it('has one table from the shared definition: keys, indexes, TTL, stream, on-demand, PITR, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: 'gsi1' }),
          Match.objectLike({ IndexName: 'gsi2' }),
        ],
      }),
    });
  });

  it('runs every function on Node.js 24, arm64, with a log group that expires', () => {
    const functions = rapportFunctions();
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig?.LogGroup).toBeDefined();
    }
    for (const [, group] of resources('AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('lets each receiver, and only it (and the senders, for a token they share), read each of its channel’s secrets', () => {
    const secrets = resources('AWS::SecretsManager::Secret').filter(([id]) => !id.startsWith('sending'));
    const expectedSettings = Object.values(channelRegistry).flatMap((adapter: ChannelAdapter) => [
      ...adapter.secretSettings,
      ...(adapter.optionalSecretSettings ?? []),
    ]);
    expect(secrets).toHaveLength(expectedSettings.length);
    const policies = resources('AWS::IAM::Policy');
    for (const [secretId] of secrets) {
      const readers = policies.filter(([, policy]) =>
        JSON.stringify(policy.Properties.PolicyDocument).includes(`"Ref":"${secretId}"`),
      );
      const channel = Object.keys(channelRegistry).find((name) => secretId.startsWith(name));
      // TWILIO_AUTH_TOKEN and WECHAT_APP_ID: one secret, which the senders read too.
      const shared = senderSecretSettings.some((setting) =>
        secretId.startsWith(`${channel}${setting.replaceAll('_', '')}`),
      );
      expect(readers.map(([id]) => id.replace(/FunctionServiceRole.*$/, '')).sort(), secretId).toEqual(
        [`receive${channel}`, ...(shared ? ['resendwaitingmessages', 'sendmessages'] : [])].sort(),
      );
      for (const [, policy] of readers) {
        const statement = policy.Properties.PolicyDocument.Statement.find((s: { Resource: unknown }) =>
          JSON.stringify(s.Resource).includes(secretId),
        );
        expect([...statement.Action].sort()).toEqual([
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
        ]);
      }
    }
  });

  it('keeps each sender token in a secret of its own (the placeholder until the operator sets it), read by the two sending functions only', () => {
    // Prepare: the tokens the receivers do not already hold.
    const receiverSettings = new Set(
      Object.values(channelRegistry).flatMap((adapter: ChannelAdapter) => [
        ...adapter.secretSettings,
        ...(adapter.optionalSecretSettings ?? []),
      ]),
    );
    const own = senderSecretSettings.filter((setting) => !receiverSettings.has(setting));
    expect(own).toEqual([
      'WHATSAPP_ACCESS_TOKEN',
      'META_PAGE_ACCESS_TOKEN',
      'TELEGRAM_BOT_TOKEN',
      'LINE_CHANNEL_ACCESS_TOKEN',
      'WECHAT_APP_SECRET',
      'X_USER_ACCESS_TOKEN',
    ]);
    const outputs = template.toJSON().Outputs;

    for (const setting of own) {
      // Act
      const [secretId, secret] =
        resources('AWS::SecretsManager::Secret').find(([id]) =>
          id.startsWith(`sending${setting.replaceAll('_', '')}`),
        ) ?? [];

      // Assess
      expect(secretId, setting).toBeDefined();
      const resource = template.toJSON().Resources[secretId as string];
      expect(resource.DeletionPolicy, setting).toBe('Retain');
      expect(secret?.Properties.SecretString, setting).toBe('SET-ME');
      expect(secret?.Properties.Description, setting).toContain(setting);
      expect(outputs[`${setting.replaceAll('_', '')}Arn`]?.Value, setting).toEqual({ Ref: secretId });
      const readers = resources('AWS::IAM::Policy').filter(([, policy]) =>
        JSON.stringify(policy.Properties.PolicyDocument).includes(`"Ref":"${secretId}"`),
      );
      expect(readers.map(([id]) => id.replace(/FunctionServiceRole.*$/, '')).sort(), setting).toEqual([
        'resendwaitingmessages',
        'sendmessages',
      ]);
      for (const name of sendingFunctions) {
        const variables = rapportFunctions().find(([id]) => id === functionId(name))?.[1].Properties
          .Environment.Variables;
        expect(variables[`${setting}_ARN`], `${name} ${setting}`).toEqual({ Ref: secretId });
        expect(variables, `${name} ${setting}`).not.toHaveProperty(setting);
      }
    }
    // The shared two are the receivers' secrets, bound to the senders by the same ARN.
    for (const setting of ['TWILIO_AUTH_TOKEN', 'WECHAT_APP_ID']) {
      const receiver = setting.startsWith('TWILIO') ? 'receive-twilio' : 'receive-wechat';
      const bound = (name: string) =>
        rapportFunctions().find(([id]) => id === functionId(name))?.[1].Properties.Environment.Variables[
          `${setting}_ARN`
        ];
      expect(bound('send-messages'), setting).toEqual(bound(receiver));
      expect(bound('resend-waiting-messages'), setting).toEqual(bound(receiver));
    }
  });

  it('lets the API invoke the receivers (quarantine replays) and nothing else', () => {
    const api = resources('AWS::Lambda::Function').find(([id]) => id.startsWith('serveapi'));
    expect(JSON.stringify(api?.[1].Properties.Environment.Variables.RECEIVER_FUNCTIONS)).toContain(
      'receiveshopify',
    );
    const invokers = resources('AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('lambda:InvokeFunction'),
    );
    const apiPolicies = invokers.filter(([, policy]) =>
      JSON.stringify(policy.Properties.Roles).includes('serveapi'),
    );
    expect(apiPolicies).toHaveLength(1);
    const invoked = JSON.stringify(apiPolicies[0]?.[1].Properties.PolicyDocument);
    for (const channel of Object.keys(channelRegistry)) expect(invoked).toContain(`receive${channel}`);
    expect(invoked).not.toContain('scorecustomer');
  });

  it('gives the Twilio receiver the public URL it is called on', () => {
    const twilio = resources('AWS::Lambda::Function').find(([id]) => id.startsWith('receivetwilio'));
    expect(twilio?.[1].Properties.Environment.Variables.PUBLIC_BASE_URL).toBeDefined();
  });

  it('relays the stream with batching, bisect on error, partial batch responses and an on-failure DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRecordAgeInSeconds: 86400,
      StartingPosition: 'TRIM_HORIZON',
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('lets the relay send the keys of records it cannot decode to its own alarmed queue, and nothing else may', () => {
    const queue = resources('AWS::SQS::Queue').find(([id]) => id.startsWith('relayunpublishable'))?.[0];
    expect(queue).toBeDefined();
    const relay = rapportFunctions().find(([id]) => id.startsWith('relayevents'))?.[1];
    expect(relay?.Properties.Environment.Variables.UNPUBLISHABLE_RECORDS_QUEUE_URL).toEqual({ Ref: queue });
    const senders = resources('AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes(`"${queue}","Arn"`),
    );
    expect(senders.map(([id]) => id)).toEqual([expect.stringMatching(/^relayevents/)]);
    expect(JSON.stringify(senders[0]?.[1].Properties.PolicyDocument)).toContain('sqs:SendMessage');
  });

  it('routes events with one rule per consumer from the routing table, each target with retries and a DLQ', () => {
    const rules = resources('AWS::Events::Rule');
    expect(rules).toHaveLength(Object.keys(routingTable).length);
    for (const [, rule] of rules) {
      expect(rule.Properties.EventPattern.source).toEqual(['rapport']);
      const detailTypes = rule.Properties.EventPattern['detail-type'];
      expect(Object.values(routingTable).map((types) => [...types])).toContainEqual(detailTypes);
      for (const target of rule.Properties.Targets) {
        expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 });
        expect(target.DeadLetterConfig.Arn).toBeDefined();
      }
    }
  });

  it('runs campaigns in their own consumer: its rule routes exactly the campaign events, with its own DLQ and errors alarm', () => {
    const [campaigns, fn] = rapportFunctions().find(([id]) => id.startsWith('runcampaigns')) ?? [];
    expect(fn?.Properties.Timeout).toBe(60);
    const rule = resources('AWS::Events::Rule').find(([, candidate]) =>
      JSON.stringify(candidate.Properties.Targets).includes(`"${campaigns}"`),
    )?.[1];
    expect(rule?.Properties.EventPattern['detail-type']).toEqual([...routingTable.campaigns]);
    const dlq = JSON.stringify(rule?.Properties.Targets[0].DeadLetterConfig.Arn);
    expect(dlq).toContain('Routescampaignsdlq');
    expect(
      resources('AWS::CloudWatch::Alarm').some(
        ([, alarm]) =>
          alarm.Properties.MetricName === 'Errors' &&
          JSON.stringify(alarm.Properties.Dimensions).includes(`"${campaigns}"`),
      ),
    ).toBe(true);
    // Notify only alerts: it no longer converts campaign goals' revenue.
    const notify = rapportFunctions().find(([id]) => id.startsWith('notifymarketers'))?.[1];
    expect(notify?.Properties.Environment.Variables).not.toHaveProperty('CURRENCY_RATES');
    expect(fn?.Properties.Environment.Variables).toHaveProperty('CURRENCY_RATES');
  });

  it('sends replies in their own consumer: its rule routes exactly message.queued to send-messages, with retries, its own alarmed DLQ, and Lambda’s failures there too', () => {
    // Prepare
    const send = functionId('send-messages');
    const fn = rapportFunctions().find(([id]) => id === send)?.[1];

    // Act
    const rule = resources('AWS::Events::Rule').find(([, candidate]) =>
      JSON.stringify(candidate.Properties.Targets).includes(`"${send}"`),
    )?.[1];

    // Assess
    expect(fn?.Properties.Timeout).toBe(90);
    expect(rule?.Properties.EventPattern).toEqual({ source: ['rapport'], 'detail-type': ['message.queued'] });
    expect(rule?.Properties.Targets).toHaveLength(1);
    const [target] = rule?.Properties.Targets ?? [];
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 });
    const dlq = JSON.stringify(target.DeadLetterConfig.Arn);
    expect(dlq).toContain('Routessenddlq');
    const [queueId] = resources('AWS::SQS::Queue').find(([id]) => id.startsWith('Routessenddlq')) ?? [];
    expect(
      resources('AWS::CloudWatch::Alarm').some(([, alarm]) =>
        JSON.stringify(alarm.Properties.Dimensions ?? []).includes(`"${queueId}"`),
      ),
    ).toBe(true);
    const invokeConfig = resources('AWS::Lambda::EventInvokeConfig').find(
      ([, config]) => config.Properties.FunctionName.Ref === send,
    )?.[1];
    expect(JSON.stringify(invokeConfig?.Properties.DestinationConfig.OnFailure.Destination)).toContain(
      queueId,
    );
    // No other rule delivers message.queued anywhere else (notify does not see it).
    const others = resources('AWS::Events::Rule').filter(
      ([, candidate]) =>
        candidate.Properties.EventPattern['detail-type'].includes('message.queued') &&
        !JSON.stringify(candidate.Properties.Targets).includes(`"${send}"`),
    );
    expect(others).toEqual([]);
  });

  it('resends waiting messages every minute from the scheduler, with retries and its own alarmed dead-letter queue', () => {
    // Prepare
    const resend = functionId('resend-waiting-messages');

    // Act
    const schedules = resources('AWS::Scheduler::Schedule').filter(([, schedule]) =>
      JSON.stringify(schedule.Properties.Target.Arn).includes(`"${resend}"`),
    );

    // Assess
    expect(schedules).toHaveLength(1);
    const [, schedule] = schedules[0] as [string, Resource];
    expect(schedule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(schedule.Properties.Target.RetryPolicy).toEqual({
      MaximumRetryAttempts: 3,
      MaximumEventAgeInSeconds: 300,
    });
    const dlq = JSON.stringify(schedule.Properties.Target.DeadLetterConfig.Arn);
    expect(dlq).toContain('resendwaitingmessagesdlq');
    const [queueId] =
      resources('AWS::SQS::Queue').find(([id]) => id.startsWith('resendwaitingmessagesdlq')) ?? [];
    expect(
      resources('AWS::CloudWatch::Alarm').some(([, alarm]) =>
        JSON.stringify(alarm.Properties.Dimensions ?? []).includes(`"${queueId}"`),
      ),
    ).toBe(true);
    const fn = rapportFunctions().find(([id]) => id === resend)?.[1];
    expect(fn?.Properties.Timeout).toBe(300);
  });

  it('sweeps abandoned checkouts on a schedule with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
  });

  it('refreshes scores daily and fits the customer model weekly, each with retries and a dead-letter queue', () => {
    for (const rate of ['rate(1 day)', 'rate(7 days)']) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: rate,
        Target: Match.objectLike({
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      });
    }
  });

  it('sends held alerts and digests every minute, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: Match.objectLike({
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
  });

  it('sends what a consumer or a scheduled job itself failed on, after Lambda’s retries, to its dead-letter queue', () => {
    const configs = resources('AWS::Lambda::EventInvokeConfig');
    // One per event target (score, notify, merge, campaigns, send) and per scheduled job.
    expect(configs).toHaveLength(Object.keys(routingTable).length + scheduledJobs.length);
    const queues = resources('AWS::SQS::Queue').map(([id]) => id);
    for (const [, config] of configs) {
      const onFailure = JSON.stringify(config.Properties.DestinationConfig.OnFailure.Destination);
      expect(queues.some((queue) => onFailure.includes(queue))).toBe(true);
      expect(config.Properties.MaximumEventAgeInSeconds).toBeLessThanOrEqual(21_600);
    }
  });

  it('lets only the alert senders publish to SNS and send email through SES, within this account', () => {
    const policies = resources('AWS::IAM::Policy').map(([, policy]) => JSON.stringify(policy.Properties));
    const senders = policies.filter((policy) => policy.includes('sns:Publish'));
    // notify, the campaign consumer (treatment members), the held-alert sweep and the API (a
    // destination's test send).
    expect(senders).toHaveLength(4);
    for (const policy of senders) {
      expect(policy).toContain('ses:SendEmail');
      expect(policy).toContain(`:${synthAccount}:`);
    }
  });

  it('lets the two sending functions, and only they, send email to customers through SES, from MESSAGE_EMAIL_FROM’s identity only', () => {
    // Prepare: the assembly is synthesized with MESSAGE_EMAIL_FROM "Shop <care@shop.example>".
    const identities = ['identity/care@shop.example', 'identity/shop.example'].map(
      (identity) => `:ses:${synthRegion}:${synthAccount}:${identity}`,
    );

    for (const name of sendingFunctions) {
      // Act
      const statements = policiesOf(name).flatMap(
        ([, policy]) => policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>,
      );
      const ses = statements.filter((statement) => JSON.stringify(statement.Action).includes('ses:'));

      // Assess: exactly the identity (the address and its domain), no wildcard, no SNS.
      expect(ses, name).toHaveLength(1);
      expect([ses[0]?.Action].flat().sort(), name).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      const allowed = [ses[0]?.Resource].flat().map((resource) => JSON.stringify(resource));
      expect(allowed, name).toHaveLength(identities.length);
      for (const identity of identities)
        expect(
          allowed.some((resource) => resource.includes(identity)),
          `${name} ${identity}`,
        ).toBe(true);
      expect(JSON.stringify(ses), name).not.toContain('*');
      expect(JSON.stringify(statements), name).not.toContain('sns:Publish');
    }
    // Only the alert senders and the two message senders may send email at all.
    const emailing = resources('AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('ses:SendEmail'),
    );
    expect(emailing).toHaveLength(4 + sendingFunctions.length);
  });

  it('grants the senders no SES at all without MESSAGE_EMAIL_FROM, and names the configuration set when one is given', () => {
    // Prepare: no bundling, only the policies are looked at.
    const synth = (options: { messageEmailFrom?: string; sesConfigurationSet?: string }) => {
      const app = new App({
        outdir: mkdtempSync(join(tmpdir(), 'rapport-synth-ses-')),
        context: { 'aws:cdk:bundling-stacks': [] },
      });
      const stack = addRapport(app, { baseCurrency: 'USD', ...options });
      return Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
        .filter(([id]) => id.startsWith('sendmessages') || id.startsWith('resendwaitingmessages'))
        .map(([, policy]) => JSON.stringify(policy.Properties.PolicyDocument));
    };

    // Act
    const unset = synth({});
    const withSet = synth({ messageEmailFrom: 'care@shop.example', sesConfigurationSet: 'rapport-events' });

    // Assess
    expect(unset).toHaveLength(2);
    for (const policy of unset) expect(policy).not.toContain('ses:');
    expect(withSet).toHaveLength(2);
    for (const policy of withSet) {
      expect(policy).toContain(':identity/care@shop.example');
      expect(policy).toContain(':identity/shop.example');
      expect(policy).toContain(':configuration-set/rapport-events');
      expect(policy).not.toContain('identity/*');
    }
  });

  it('gives the sending functions the platforms’ own API URLs and the operator’s sending settings', () => {
    for (const name of sendingFunctions) {
      const variables = rapportFunctions().find(([id]) => id === functionId(name))?.[1].Properties.Environment
        .Variables;
      expect(variables, name).toMatchObject({
        META_GRAPH_URL: 'https://graph.facebook.com/v23.0',
        TELEGRAM_API_URL: 'https://api.telegram.org',
        LINE_API_URL: 'https://api.line.me',
        WECHAT_API_URL: 'https://api.weixin.qq.com',
        TWILIO_API_URL: 'https://api.twilio.com',
        X_API_URL: 'https://api.x.com',
        MESSAGE_EMAIL_FROM: 'Shop <care@shop.example>',
        TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
        TWILIO_FROM: '+14155550100',
        WHATSAPP_PHONE_NUMBER_ID: '',
        MESSENGER_HUMAN_AGENT: 'false',
        ALLOW_LOOPBACK_DESTINATIONS: 'false',
        EMAIL_OUTBOX_DIR: '',
      });
      // Twilio's StatusCallback is the API's own URL unless the operator gives a custom domain.
      expect(JSON.stringify(variables.PUBLIC_BASE_URL), name).toContain('ApiEndpoint');
    }
    const api = rapportFunctions().find(([id]) => id === functionId('serve-api'))?.[1];
    expect(api?.Properties.Environment.Variables.MESSENGER_HUMAN_AGENT).toBe('false');
  });

  it('alarms when a message to a customer fails for a reason of ours, on any platform', () => {
    // Act
    const [, alarm] =
      resources('AWS::CloudWatch::Alarm').find(([id]) => id.startsWith('MessageFailedOurs')) ?? [];

    // Assess: the sum of the metric over every platform's dimension (alarms cannot SEARCH).
    expect(alarm?.Properties.Threshold).toBe(0);
    expect(alarm?.Properties.ComparisonOperator).toBe('GreaterThanThreshold');
    const metrics = alarm?.Properties.Metrics as Array<{
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown } };
    }>;
    const platforms = metrics
      .filter((metric) => metric.MetricStat?.Metric.MetricName === 'MessageFailedOurs')
      .map((metric) => {
        expect(metric.MetricStat?.Metric.Namespace).toBe('Rapport');
        return metric.MetricStat?.Metric.Dimensions;
      });
    expect(platforms).toEqual(outboundPlatforms.map((platform) => [{ Name: 'platform', Value: platform }]));
    expect(metrics.find((metric) => metric.Expression)?.Expression).toBe(
      outboundPlatforms.map((_, index) => `m${index}`).join('+'),
    );
  });

  it('has an alarm on every dead-letter queue, the relay’s lag and unpublishable records, unreadable secrets and every function’s errors', () => {
    const queues = resources('AWS::SQS::Queue').map(([id]) => id);
    // The relay's two (stream-batch pointers, and the keys of records it could not decode), one per
    // scheduled job (abandoned checkouts, held alerts, waiting messages, campaign enrolment, daily
    // refresh, weekly fit), and one per event target (score, notify, merge, campaigns, send).
    expect(queues).toHaveLength(2 + scheduledJobs.length + Object.keys(routingTable).length);
    const alarms = resources('AWS::CloudWatch::Alarm');
    for (const queue of queues) {
      expect(
        alarms.some(([, alarm]) => JSON.stringify(alarm.Properties.Dimensions ?? []).includes(queue)),
      ).toBe(true);
    }
    expect(alarms.some(([, alarm]) => alarm.Properties.MetricName === 'IteratorAge')).toBe(true);
    expect(alarms.some(([, alarm]) => alarm.Properties.MetricName === 'UnpublishableRecord')).toBe(true);
    expect(
      alarms.some(([, alarm]) =>
        JSON.stringify(alarm.Properties.Metrics ?? []).includes('SecretUnavailable'),
      ),
    ).toBe(true);
    for (const [id] of rapportFunctions()) {
      expect(
        alarms.some(
          ([, alarm]) =>
            alarm.Properties.MetricName === 'Errors' &&
            JSON.stringify(alarm.Properties.Dimensions).includes(id),
        ),
      ).toBe(true);
    }
  });

  it('sends every alarm, into alarm and back to OK, to one SNS topic that only accepts TLS', () => {
    const [topic] = resources('AWS::SNS::Topic');
    expect(resources('AWS::SNS::Topic')).toHaveLength(1);
    const topicId = topic?.[0] as string;
    for (const [, alarm] of resources('AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    const policy = resources('AWS::SNS::TopicPolicy')[0]?.[1];
    expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('aws:SecureTransport');
  });

  it('subscribes the operator’s email to the alarm topic when one is given at deploy time', () => {
    // No bundling: only the topic's subscription is looked at.
    const app = new App({
      outdir: mkdtempSync(join(tmpdir(), 'rapport-synth-email-')),
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const stack = addRapport(app, { baseCurrency: 'USD', alarmEmail: 'ops@example.com' });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('exposes health, every webhook (GET for handshakes), and the JWT-protected API', () => {
    const routes = resources('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    const keys = routes.map((route) => route.RouteKey).sort();
    const expected = [
      'ANY /api/{proxy+}',
      'ANY /webhooks/{channel}',
      'GET /health',
      ...Object.keys(channelRegistry).map((channel) => `POST /webhooks/${channel}`),
      'GET /webhooks/meta',
      'GET /webhooks/wechat',
      'GET /webhooks/x',
    ];
    expect(keys).toEqual(expected.sort());
    const api = routes.find((route) => route.RouteKey === 'ANY /api/{proxy+}');
    expect(api?.AuthorizationType).toBe('JWT');
    expect(routes.find((route) => route.RouteKey === 'POST /webhooks/shopify')?.AuthorizationType).toBe(
      'NONE',
    );
  });

  it('creates the admin, agent and viewer groups in the marketers’ user pool, and throttles the API stage', () => {
    const groups = resources('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'agent', 'viewer']);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 }),
    });
  });

  it('serves the dashboard from a private bucket through CloudFront (origin access control, https, security headers) and the API under /api/* uncached', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [[, distribution] = []] = resources('AWS::CloudFront::Distribution');
    const config = distribution?.Properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(
      config.Origins.some((origin: { OriginAccessControlId?: unknown }) => origin.OriginAccessControlId),
    ).toBe(true);
    const apiBehavior = config.CacheBehaviors.find(
      (behavior: { PathPattern: string }) => behavior.PathPattern === '/api/*',
    );
    expect(apiBehavior).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']),
    });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
        }),
      }),
    });
    const [[, headers] = []] = resources('AWS::CloudFront::ResponseHeadersPolicy');
    const security = headers?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy)).toContain(
      "default-src 'self'",
    );
    expect(JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy)).toContain(
      "frame-ancestors 'none'",
    );
    expect(security.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63_072_000,
      Override: true,
    });
    expect(security.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
  });

  it('signs marketers in to the dashboard through the Cognito hosted UI (code grant, public client) and publishes config.json naming it', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    const [[, client] = []] = resources('AWS::Cognito::UserPoolClient');
    expect(client?.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email']),
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(JSON.stringify(client?.Properties.CallbackURLs)).toContain('DomainName');
    const [[, deployment] = []] = resources('Custom::CDKBucketDeployment');
    const published = JSON.stringify(deployment?.Properties);
    expect(published).toContain('config.json');
    expect(published).toContain(template.toJSON().Outputs.UserPoolClientId.Value.Ref);
    expect(template.toJSON().Outputs.DashboardUrl).toBeDefined();
  });

  it('logs JSON at LOG_LEVEL and drops Lambda’s own START/END/REPORT lines by default (most of the log volume)', () => {
    for (const [, fn] of resources('AWS::Lambda::Function')) {
      if (!fn.Properties.LoggingConfig) continue;
      expect(fn.Properties.LoggingConfig).toMatchObject({
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
      });
    }
    expect(
      resources('AWS::Lambda::Function').filter(([, fn]) => fn.Properties.LoggingConfig).length,
    ).toBeGreaterThan(20);
  });

  it('creates an operations dashboard: webhooks and alerts by outcome, alert latency, relay lag, every DLQ, every function’s errors', () => {
    const [dashboard] = resources('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.[1].Properties.DashboardBody);
    for (const metric of [
      'Webhooks',
      'Alerts',
      'AlertLatency',
      'IteratorAge',
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'MessageFailedOurs',
    ]) {
      expect(body, metric).toContain(metric);
    }
    for (const [queue] of resources('AWS::SQS::Queue')) expect(body, queue).toContain(queue);
    for (const [fn] of rapportFunctions()) expect(body, fn).toContain(fn);
  });

  it('passes cdk-nag AwsSolutions, every acknowledgement with a written reason', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{
        pluginName: string;
        conclusion: string;
        violations: unknown[];
        suppressedViolations: Array<{ reason: string }>;
      }>;
    };
    const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(nag?.violations).toEqual([]);
    expect(nag?.conclusion).toBe('success');
    for (const suppressed of nag?.suppressedViolations ?? [])
      expect(suppressed.reason.length).toBeGreaterThan(30);
  });
});
