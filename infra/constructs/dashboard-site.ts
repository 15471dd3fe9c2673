import { join } from 'node:path';
import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { dashboardContentSecurityPolicy } from '../dashboard-policy';

/** Where `npm run build:web` writes the dashboard. */
export const dashboardBuildDir = join(import.meta.dirname, '..', '..', 'web', 'dist');

/**
 * The dashboard in AWS: the built app in a private S3 bucket, served by CloudFront through origin
 * access control, https only with security headers, and `config.json` generated at deploy time
 * with the Cognito hosted UI the app signs in with. `/api/*` on the same distribution goes to the
 * HTTP API uncached, so the app calls its own origin: no CORS, and the CSP allows only itself and
 * the hosted UI.
 *
 * @example
 * const site = new DashboardSite(this, 'Dashboard', { apiUrl: api.apiEndpoint, authDomain });
 * site.publishConfig({ clientId: client.userPoolClientId });
 */
export class DashboardSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** The dashboard's URL, `https://<id>.cloudfront.net/` (the app client's callback URL). */
  readonly url: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: { apiUrl: string; authDomain: string },
  ) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Kept when the stack is deleted, as the table is (it holds only the built app).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Rapport dashboard: CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: dashboardContentSecurityPolicy('', props.authDomain),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Rapport dashboard',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        '/api/*': {
          // https://<id>.execute-api.<region>.amazonaws.com → its host name.
          origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.apiUrl))),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Nothing is cached (TTL 0); the bearer token is in the cache key so that CloudFront
          // forwards it on GET, as it must be for the JWT authorizer.
          cachePolicy: new CachePolicy(this, 'ApiPassThrough', {
            comment: 'Rapport API through the dashboard origin: not cached, Authorization forwarded',
            minTtl: Duration.seconds(0),
            defaultTtl: Duration.seconds(0),
            maxTtl: Duration.seconds(1),
            headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
            queryStringBehavior: CacheQueryStringBehavior.all(),
          }),
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;
  }

  /**
   * Uploads the built app and its `config.json` (API URL, hosted UI, app client), and invalidates
   * the files that are not content-hashed.
   */
  publishConfig(signIn: { clientId: string }): BucketDeployment {
    return new BucketDeployment(this, 'Publish', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(dashboardBuildDir),
        Source.jsonData('config.json', {
          // The API is reached through this distribution's /api/*: the app's own origin.
          apiUrl: '',
          signIn: {
            kind: 'cognito',
            domain: this.props.authDomain,
            clientId: signIn.clientId,
            redirectUri: this.url,
          },
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 256,
    });
  }
}
