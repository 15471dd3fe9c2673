/** A service Rapport deploys that some AWS regions do not offer. */
export type RegionalService =
  | 'API Gateway HTTP APIs'
  | 'Amazon SES v2'
  | 'Amazon Cognito user pools'
  | 'EventBridge Scheduler'
  | 'Amazon CloudFront';

/**
 * Regions with every service Rapport needs (HTTP APIs, SES v2, Cognito user pools with a hosted
 * UI domain, EventBridge Scheduler; Lambda on arm64, DynamoDB Streams, EventBridge, SQS, SNS and
 * Secrets Manager are in all of them). Sources: botocore `data/endpoints.json` (2026-08-07) and
 * cfn-lint's per-region resource schemas (2026-06-15) for SES, Cognito and Scheduler; AWS's
 * announcement of HTTP APIs in more regions (2025-03-03) for API Gateway v2.
 *
 * @example
 * supportedRegions.includes('eu-west-1'); // true
 */
export const supportedRegions: ReadonlyArray<string> = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
];

/**
 * Regions known to lack a service Rapport needs (same sources; checked up to 2026-08). China has
 * neither Cognito user pools nor SES; GovCloud has no CloudFront (the dashboard's distribution).
 *
 * @example
 * regionsLacking['mx-central-1']; // ['API Gateway HTTP APIs', 'Amazon SES v2']
 */
export const regionsLacking: Readonly<Record<string, ReadonlyArray<RegionalService>>> = {
  'ap-east-1': ['Amazon SES v2'],
  'ap-east-2': ['API Gateway HTTP APIs', 'Amazon SES v2'],
  'ap-southeast-4': ['Amazon SES v2'],
  'ap-southeast-5': ['API Gateway HTTP APIs'],
  'ap-southeast-6': ['API Gateway HTTP APIs', 'Amazon SES v2'],
  'ap-southeast-7': ['API Gateway HTTP APIs', 'Amazon SES v2'],
  'eu-south-2': ['Amazon SES v2'],
  'mx-central-1': ['API Gateway HTTP APIs', 'Amazon SES v2'],
  'cn-north-1': ['Amazon Cognito user pools', 'Amazon SES v2'],
  'cn-northwest-1': ['Amazon Cognito user pools', 'Amazon SES v2'],
  'us-gov-west-1': ['Amazon CloudFront'],
  'us-gov-east-1': ['Amazon CloudFront'],
};

/** The context key (`cdk synth -c allowUnlistedRegion=true`) that lets a region not listed here through. */
export const allowUnlistedRegionContext = 'allowUnlistedRegion';

/**
 * Raised at synth when the stack's region lacks a service Rapport needs, or is not known to have them.
 *
 * @example
 * throw new UnsupportedRegionError('Rapport cannot run in mx-central-1: ...');
 */
export class UnsupportedRegionError extends Error {
  override name = 'UnsupportedRegionError';
}

/**
 * Refuses, at synth, a region where Rapport could not be deployed, naming what is missing there,
 * instead of letting CloudFormation fail half-way through a deployment. An environment-agnostic
 * synth (no region) passes; a region this list does not know passes only when the operator says
 * so (`allowUnlisted`), after checking the services themselves.
 *
 * @example
 * assertRegionSupported('eu-west-1', { allowUnlisted: false });
 */
export function assertRegionSupported(region: string | undefined, options: { allowUnlisted: boolean }): void {
  if (!region || supportedRegions.includes(region)) return;
  const lacking = regionsLacking[region];
  if (lacking) {
    throw new UnsupportedRegionError(
      `Rapport cannot be deployed in ${region}: ${lacking.join(' and ')} ${lacking.length > 1 ? 'are' : 'is'} not available there. Choose one of: ${supportedRegions.join(', ')}.`,
    );
  }
  if (options.allowUnlisted) return;
  throw new UnsupportedRegionError(
    `Rapport has not been checked in ${region}: it needs API Gateway HTTP APIs, Amazon SES v2, Amazon Cognito user pools, EventBridge Scheduler and Amazon CloudFront there. If AWS offers them all in ${region}, synthesize with -c ${allowUnlistedRegionContext}=true; otherwise choose one of: ${supportedRegions.join(', ')}.`,
  );
}
