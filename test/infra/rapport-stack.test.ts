import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { addRapport } from '../../infra/add-rapport';
import type { ChannelAdapter } from '../../shared/channels/channel-adapter';
import { channelRegistry } from '../../shared/channels/channel-registry';
import { routingTable } from '../../shared/events/routing-table';
import { synthAccount } from '../helpers/synthesized-stack';

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

  it('lets each receiver, and only it, read each of its channel’s secrets', () => {
    const secrets = resources('AWS::SecretsManager::Secret');
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
      expect(readers).toHaveLength(1);
      const [, policy] = readers[0] as [string, Resource];
      const channel = Object.keys(channelRegistry).find((name) => secretId.startsWith(name));
      expect(JSON.stringify(policy.Properties.Roles)).toContain(`receive${channel}`);
      const statement = policy.Properties.PolicyDocument.Statement.find((s: { Resource: unknown }) =>
        JSON.stringify(s.Resource).includes(secretId),
      );
      expect([...statement.Action].sort()).toEqual([
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ]);
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
    // score, notify, merge, campaigns and the five scheduled jobs.
    expect(configs).toHaveLength(Object.keys(routingTable).length + 5);
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

  it('has an alarm on every dead-letter queue, the relay’s lag and unpublishable records, unreadable secrets and every function’s errors', () => {
    const queues = resources('AWS::SQS::Queue').map(([id]) => id);
    // The relay's two (stream-batch pointers, and the keys of records it could not decode), one per
    // scheduled job (abandoned checkouts, held alerts, campaign enrolment, daily refresh, weekly
    // fit), and one per event target (score, notify, merge, campaigns).
    expect(queues).toHaveLength(7 + Object.keys(routingTable).length);
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

  it('creates the admin and viewer groups in the marketers’ user pool, and throttles the API stage', () => {
    const groups = resources('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'viewer']);
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
