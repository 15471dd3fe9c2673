import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  type HttpFunction,
  httpRoutes,
  type WebhookChannel,
  webhookChannels,
} from '../../shared/http/routes';
import { acknowledgeDashboardFindings } from '../nag-suppressions';
import { DashboardSite } from './dashboard-site';
import type { FunctionCatalog } from './function-catalog';
import type { RapportFunction } from './rapport-function';

/** The API, who may call it, and the dashboard that does. */
export interface RapportHttpApi {
  api: HttpApi;
  /** The function behind each route of `shared/http/routes.ts`. */
  functions: Record<HttpFunction, RapportFunction>;
  /** The marketers' user pool (groups `admin`, `agent` and `viewer`). */
  users: UserPool;
  /** The dashboard's app client, the one the JWT authorizer accepts. */
  client: UserPoolClient;
  dashboard: DashboardSite;
}

/**
 * The HTTP API, built from the shared route table: webhooks public (each receiver checks its
 * platform's signature) and `/api` behind a JWT authorizer on the marketers' Cognito user pool,
 * with `admin`, `agent` and `viewer` groups and the hosted UI the dashboard signs in through; one
 * throttled, access-logged `$default` stage; and the dashboard site with its app client.
 * Defines the health, unknown-channel and API functions; the receivers are given.
 *
 * Created in the given scope (the stack) with the ids they have always had, so that their
 * logical ids do not change.
 *
 * @example
 * const http = addHttpApi(this, { functions, receivers: receivers.functions });
 * http.api.apiEndpoint; // https://<id>.execute-api.<region>.amazonaws.com
 */
export function addHttpApi(
  scope: Construct,
  props: { functions: FunctionCatalog; receivers: Record<WebhookChannel, RapportFunction> },
): RapportHttpApi {
  const functions = {
    ...Object.fromEntries(webhookChannels.map((channel) => [`receive-${channel}`, props.receivers[channel]])),
    'check-health': props.functions.define('check-health'),
    'reject-unknown-channel': props.functions.define('reject-unknown-channel'),
    'serve-api': props.functions.define('serve-api', { timeout: Duration.seconds(29) }),
  } as Record<HttpFunction, RapportFunction>;

  const users = new UserPool(scope, 'Marketers', {
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
  // Roles: `admin` changes things, `agent` answers customers, `viewer` only reads (the API reads `cognito:groups`).
  for (const [groupName, description, precedence] of [
    ['admin', 'Marketers who change rules, destinations, settings, merges, erasures and replays', 1],
    ['agent', 'Service staff who read and answer customers: replies, notes, assignment, status', 2],
    ['viewer', 'Marketers and service staff who only read', 3],
  ] as const) {
    new CfnUserPoolGroup(scope, `${groupName}Group`, {
      userPoolId: users.userPoolId,
      groupName,
      description,
      precedence,
    });
  }
  const accessLogs = new LogGroup(scope, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS });
  const api = new HttpApi(scope, 'Api', {
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
  const dashboard = new DashboardSite(scope, 'Dashboard', {
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
  acknowledgeDashboardFindings(Stack.of(scope), dashboard.bucket);

  const authorizer = new HttpUserPoolAuthorizer('MarketerJwt', users, { userPoolClients: [client] });
  api.addStage('PublicStage', {
    stageName: '$default',
    autoDeploy: true,
    accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    // A guard against a runaway client, well above one shop's webhooks (docs/capacity.md).
    throttle: { rateLimit: 500, burstLimit: 1000 },
  });
  for (const route of httpRoutes) {
    api.addRoutes({
      path: route.path,
      methods: [route.method === 'ANY' ? HttpMethod.ANY : HttpMethod[route.method]],
      integration: new HttpLambdaIntegration(
        `${route.function}-${route.method}-${route.path}`,
        functions[route.function].fn,
      ),
      ...(route.authorized ? { authorizer } : {}),
    });
  }

  new CfnOutput(scope, 'ApiUrl', { value: api.apiEndpoint });
  for (const channel of webhookChannels) {
    new CfnOutput(scope, `${channel}WebhookUrl`, { value: `${api.apiEndpoint}/webhooks/${channel}` });
  }
  new CfnOutput(scope, 'UserPoolId', { value: users.userPoolId });
  new CfnOutput(scope, 'UserPoolClientId', { value: client.userPoolClientId });
  new CfnOutput(scope, 'DashboardUrl', { value: dashboard.url });
  new CfnOutput(scope, 'SignInUrl', { value: hostedUi.baseUrl() });
  return { api, functions, users, client, dashboard };
}
