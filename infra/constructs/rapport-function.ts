import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  type IFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type FunctionBinding,
  type FunctionName,
  functionBindings,
  type PlainSetting,
} from '../../shared/config/function-bindings';
import { alertSendingResources } from './alert-sending-resources';
import { bundledFiles, functionBundling } from './function-bundling';
import { messageSendingResources } from './message-sending-resources';

/** Options of a Rapport function. */
export interface RapportFunctionProps {
  /** Folder under `functions/`; its `handler.ts` is the entry, its binding what it may touch. */
  name: FunctionName;
  timeout?: Duration;
  memorySize?: number;
  /** Lines below this level are dropped by Lambda (the function's LOG_LEVEL). */
  applicationLogLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Lambda's own START/END/REPORT lines: kept at INFO, dropped at WARN (about 0.75 KB an
   * invocation; set INFO while sizing memory from the REPORT lines).
   */
  systemLogLevel?: 'DEBUG' | 'INFO' | 'WARN';
}

/**
 * A Lambda function with the house defaults: Node.js 24 on arm64, esbuild bundling on this
 * machine (never Docker) into minified ESM with source maps, JSON logs kept for a month, X-Ray.
 *
 * @example
 * const relay = new RapportFunction(this, 'Relay', { name: 'relay-events' });
 * relay.bind({ bus, settings: { LOG_LEVEL: 'info' } });
 */
export class RapportFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly name: FunctionName;

  constructor(scope: Construct, id: string, props: RapportFunctionProps) {
    super(scope, id);
    this.name = props.name;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: `functions/${props.name}/handler.ts`,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[props.applicationLogLevel ?? 'INFO'],
      systemLogLevelV2: SystemLogLevel[props.systemLogLevel ?? 'INFO'],
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        forceDockerBundling: false,
        ...functionBundling,
        format: OutputFormat.ESM,
        mainFields: [...functionBundling.mainFields],
        externalModules: [...functionBundling.externalModules],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) =>
            bundledFiles.map((file) => `cp "${inputDir}/${file.from}" "${outputDir}/${file.to}"`),
        },
      },
    });
  }

  /**
   * Applies the function's binding (`shared/config/function-bindings.ts`): sets exactly the
   * variables it declares and grants exactly the access they need. Throws at synth when the
   * stack does not provide something the binding declares, so a function can never be deployed
   * without a setting its code reads.
   */
  bind(resources: FunctionResources): this {
    const binding: FunctionBinding = functionBindings[this.name];
    const missing = (what: string) =>
      new Error(`${this.name} is bound to ${what}, which the stack did not provide`);
    if (binding.table) {
      if (!resources.table) throw missing('the table');
      this.fn.addEnvironment('TABLE_NAME', resources.table.tableName);
      if (binding.table === 'read') resources.table.grantReadData(this.fn);
      else resources.table.grantReadWriteData(this.fn);
    }
    if (binding.bus) {
      if (!resources.bus) throw missing('the bus');
      this.fn.addEnvironment('EVENT_BUS_NAME', resources.bus.eventBusName);
      resources.bus.grantPutEventsTo(this.fn);
    }
    if (binding.unpublishableRecordsQueue) {
      if (!resources.unpublishableRecordsQueue) throw missing('the unpublishable-records queue');
      this.fn.addEnvironment('UNPUBLISHABLE_RECORDS_QUEUE_URL', resources.unpublishableRecordsQueue.queueUrl);
      resources.unpublishableRecordsQueue.grantSendMessages(this.fn);
    }
    if (binding.invokesReceivers) {
      if (!resources.receivers) throw missing('the receivers');
      const names = Object.fromEntries(
        Object.entries(resources.receivers).map(([channel, fn]) => [channel, fn.functionName]),
      );
      this.fn.addEnvironment('RECEIVER_FUNCTIONS', Stack.of(this).toJsonString(names));
      for (const fn of Object.values(resources.receivers)) fn.grantInvoke(this.fn);
    }
    if (binding.sendsAlerts) {
      const allowed = alertSendingResources(this);
      this.fn.addToRolePolicy(
        new PolicyStatement({ actions: ['sns:Publish'], resources: [allowed.snsTopics] }),
      );
      this.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [allowed.sesIdentities, allowed.sesConfigurationSets],
        }),
      );
    }
    if (binding.sendsMessages) {
      // Customers' emails go from the one sender the operator verified: no wildcard, and none at
      // all when MESSAGE_EMAIL_FROM is unset (email replies then fail as not configured).
      const allowed = messageSendingResources(this, {
        from: resources.settings.MESSAGE_EMAIL_FROM ?? '',
        configurationSet: resources.settings.SES_CONFIGURATION_SET ?? '',
      });
      if (allowed.length > 0)
        this.fn.addToRolePolicy(
          new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: allowed }),
        );
    }
    for (const setting of [...(binding.secrets ?? []), ...(binding.optionalSecrets ?? [])]) {
      const secret = resources.secrets?.[setting];
      if (!secret) throw missing(`the secret ${setting}`);
      this.fn.addEnvironment(`${setting}_ARN`, secret.secretArn);
      secret.grantRead(this.fn);
    }
    for (const setting of binding.settings) {
      const value = resources.settings[setting];
      if (value === undefined) throw missing(`the setting ${setting}`);
      this.fn.addEnvironment(setting, value);
    }
    return this;
  }
}

/** What the stack offers a function's binding; each function takes only what its binding declares. */
export interface FunctionResources {
  table?: ITable;
  bus?: IEventBus;
  unpublishableRecordsQueue?: IQueue;
  receivers?: Readonly<Record<string, IFunction>>;
  secrets?: Readonly<Record<string, ISecret>>;
  settings: Readonly<Partial<Record<PlainSetting, string>>>;
}
