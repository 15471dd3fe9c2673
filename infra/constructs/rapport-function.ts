import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Architecture, type IFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Options of a Rapport function. */
export interface RapportFunctionProps {
  /** Folder under `functions/`; its `handler.ts` is the entry. */
  name: string;
  timeout?: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
}

/**
 * A Lambda function with the house defaults: Node.js 24 on arm64, esbuild bundling on this
 * machine (never Docker) into minified ESM with source maps, JSON logs kept for a month, X-Ray.
 *
 * @example
 * const relay = new RapportFunction(this, 'Relay', { name: 'relay-events' });
 * relay.bindTable(table, 'readWrite');
 */
export class RapportFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: RapportFunctionProps) {
    super(scope, id);
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
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        target: 'node24',
        mainFields: ['module', 'main'],
        // The runtime ships AWS SDK v3; leaving it out keeps bundles and cold starts small.
        externalModules: ['@aws-sdk/*'],
        // ESM bundles of CommonJS dependencies need `require` back.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
    });
  }

  /** Sets `TABLE_NAME` and grants exactly the table access asked for. */
  bindTable(table: ITable, access: 'read' | 'readWrite'): this {
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this.fn);
    else table.grantReadWriteData(this.fn);
    return this;
  }

  /** Sets `<setting>_ARN` and grants reading this one secret only. */
  bindSecret(secret: ISecret, setting: string): this {
    this.fn.addEnvironment(`${setting}_ARN`, secret.secretArn);
    secret.grantRead(this.fn);
    return this;
  }

  /** Sets `RECEIVER_FUNCTIONS` (channel → function name) and grants invoking exactly those functions. */
  bindReceivers(receivers: Readonly<Record<string, IFunction>>): this {
    const names = Object.fromEntries(
      Object.entries(receivers).map(([channel, fn]) => [channel, fn.functionName]),
    );
    this.fn.addEnvironment('RECEIVER_FUNCTIONS', Stack.of(this).toJsonString(names));
    for (const fn of Object.values(receivers)) fn.grantInvoke(this.fn);
    return this;
  }

  /** Sets `EVENT_BUS_NAME` and grants `PutEvents` on this bus only. */
  bindBus(bus: IEventBus): this {
    this.fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    bus.grantPutEventsTo(this.fn);
    return this;
  }
}
