import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { FunctionName } from '../../shared/config/function-bindings';
import { synthAccount, synthRegion } from '../helpers/synthesized-stack';

/** The region and account the CDK CLI synthesized the assembly for: the "deployment" lives there. */
export const region = synthRegion;
export const account = synthAccount;

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation is untyped JSON.
type Json = any;

/** One `AWS::Lambda::Function` of the synthesized template, as `cdk deploy` would upload it. */
export interface DeployedFunction {
  logicalId: string;
  /** The folder under `functions/` (from the construct path `Rapport/<name>/Function/Resource`). */
  name: FunctionName;
  runtime: string;
  /** `index.handler`: the file (without `.mjs`) and the export. */
  handler: string;
  /** The asset folder, exactly as uploaded. */
  assetDir: string;
  memorySize: number;
  timeoutSeconds: number;
  /** The environment the template sets, every reference resolved to a local stand-in. */
  environment: Record<string, string>;
  roleId: string;
}

/** One statement of a function role's policies, resources resolved to ARNs. */
export interface Grant {
  actions: string[];
  resources: string[];
}

/** The synthesized template read as a deployment: functions, grants and the table definition. */
export interface Deployment {
  template: Json;
  functions: DeployedFunction[];
  /** The grants of each function's role, by function logical id. */
  grants: Map<string, Grant[]>;
  /** Every secret's ARN by logical id. */
  secretArns: Map<string, string>;
  tableName: string;
  /** The `PUBLIC_BASE_URL` the stack derives from the API. */
  apiEndpoint: string;
  /** `CreateTable` input from the template's own `AWS::DynamoDB::Table`. */
  createTable(): CreateTableCommandInput;
}

/**
 * Reads a cloud assembly and resolves every reference the way CloudFormation would in an
 * account, pointing at local stand-ins: the table's name, secrets' ARNs, the bus's name, the
 * functions' names (their logical ids) and the API's endpoint.
 *
 * @example
 * const deployment = loadDeployment(inject('cdkOut'), 'rapport-artifacts');
 */
export function loadDeployment(cdkOut: string, tableName: string): Deployment {
  const template: Json = JSON.parse(readFileSync(join(cdkOut, 'Rapport.template.json'), 'utf8'));
  const resources: Record<string, Json> = template.Resources;
  const apiId = 'artifactapi';
  const apiEndpoint = `https://${apiId}.execute-api.${region}.amazonaws.com`;
  const typeOf = (id: string) => resources[id]?.Type as string | undefined;

  const ref = (id: string): string => {
    const pseudo: Record<string, string> = {
      'AWS::Region': region,
      'AWS::AccountId': account,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    if (pseudo[id]) return pseudo[id];
    switch (typeOf(id)) {
      case 'AWS::DynamoDB::Table':
        return tableName;
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${region}:${account}:secret:${id}-AbCdEf`;
      case 'AWS::Events::EventBus':
        return resources[id].Properties.Name;
      case 'AWS::Lambda::Function':
        return id;
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.amazonaws.com/${account}/${id}`;
      case 'AWS::ApiGatewayV2::Api':
        return apiId;
      default:
        throw new Error(`No local stand-in for a Ref to ${id} (${typeOf(id)})`);
    }
  };
  const arnOf = (id: string, attribute: string): string => {
    switch (`${typeOf(id)}.${attribute}`) {
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:aws:dynamodb:${region}:${account}:table/${tableName}`;
      case 'AWS::DynamoDB::Table.StreamArn':
        return `arn:aws:dynamodb:${region}:${account}:table/${tableName}/stream/local`;
      case 'AWS::Events::EventBus.Arn':
        return `arn:aws:events:${region}:${account}:event-bus/${ref(id)}`;
      case 'AWS::Lambda::Function.Arn':
        return `arn:aws:lambda:${region}:${account}:function:${id}`;
      case 'AWS::ApiGatewayV2::Api.ApiEndpoint':
        return apiEndpoint;
      default:
        // Other resources only appear in policies (queues the relay may send to, and so on).
        if (attribute === 'Arn')
          return `arn:aws:${typeOf(id)?.split('::')[1]?.toLowerCase()}:${region}:${account}:${id}`;
        throw new Error(`No local stand-in for ${id}.${attribute} (${typeOf(id)})`);
    }
  };
  const resolve = (value: Json): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value?.Ref) return ref(value.Ref);
    if (value?.['Fn::GetAtt']) return arnOf(value['Fn::GetAtt'][0], value['Fn::GetAtt'][1]);
    if (value?.['Fn::Join']) {
      const [separator, parts] = value['Fn::Join'] as [string, Json[]];
      return parts.map(resolve).join(separator);
    }
    throw new Error(`No local stand-in for ${JSON.stringify(value)}`);
  };

  const functions: DeployedFunction[] = Object.entries(resources)
    // Rapport's functions; not the Python handler CDK adds to upload the dashboard (BucketDeployment).
    .filter(
      ([logicalId, resource]) =>
        resource.Type === 'AWS::Lambda::Function' && !logicalId.startsWith('CustomCDKBucketDeployment'),
    )
    .map(([logicalId, resource]) => {
      const properties = resource.Properties;
      const path: string = resource.Metadata['aws:cdk:path'];
      const variables: Record<string, Json> = properties.Environment?.Variables ?? {};
      return {
        logicalId,
        name: path.split('/')[1] as FunctionName,
        runtime: properties.Runtime,
        handler: properties.Handler,
        assetDir: join(cdkOut, resource.Metadata['aws:asset:path']),
        memorySize: properties.MemorySize,
        timeoutSeconds: properties.Timeout,
        environment: Object.fromEntries(
          Object.entries(variables).map(([name, value]) => [name, resolve(value)]),
        ),
        roleId: properties.Role['Fn::GetAtt'][0],
      };
    });

  const grants = new Map<string, Grant[]>();
  for (const fn of functions) {
    const statements = Object.values(resources)
      .filter(
        (resource) =>
          resource.Type === 'AWS::IAM::Policy' &&
          (resource.Properties.Roles as Json[]).some((role) => role.Ref === fn.roleId),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
      .filter((statement) => statement.Effect === 'Allow');
    grants.set(
      fn.logicalId,
      statements.map((statement) => ({
        actions: [statement.Action].flat(),
        resources: [statement.Resource].flat().map(resolve),
      })),
    );
  }

  const secretArns = new Map(
    Object.keys(resources)
      .filter((id) => typeOf(id) === 'AWS::SecretsManager::Secret')
      .map((id) => [id, ref(id)]),
  );

  return {
    template,
    functions,
    grants,
    secretArns,
    tableName,
    apiEndpoint,
    createTable() {
      const [, table] = Object.entries(resources).find(
        ([, resource]) => resource.Type === 'AWS::DynamoDB::Table',
      ) as [string, Json];
      const properties = table.Properties;
      return {
        TableName: tableName,
        KeySchema: properties.KeySchema,
        AttributeDefinitions: properties.AttributeDefinitions,
        BillingMode: properties.BillingMode,
        StreamSpecification: {
          StreamEnabled: true,
          StreamViewType: properties.StreamSpecification.StreamViewType,
        },
        GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes,
      };
    },
  };
}

/**
 * True when one of the grants allows the action on the resource (IAM's `*` wildcards).
 *
 * @example
 * isAllowed(grants, 'secretsmanager:GetSecretValue', arn);
 */
export function isAllowed(grants: ReadonlyArray<Grant>, action: string, resource: string): boolean {
  const matches = (pattern: string, value: string) =>
    new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(value);
  return grants.some(
    (grant) =>
      grant.actions.some((allowed) => matches(allowed, action)) &&
      grant.resources.some((allowed) => matches(allowed, resource)),
  );
}

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
