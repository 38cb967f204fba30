import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsoleSync } from '../../scripts/lib/console-build.ts';

const consoleSource = fileURLToPath(new URL('../../web/console', import.meta.url));

/**
 * `config.json` as the console reads it: `ConsoleConfig` of web/console/src/session.ts, whose
 * browser code the infra's type check (no DOM) cannot load; test/infra/console.test.ts checks the file.
 */
interface CognitoConsoleConfig {
  readonly apiBase: string;
  readonly auth: {
    readonly kind: 'cognito';
    readonly domain: string;
    readonly clientId: string;
    readonly redirectUri: string;
    readonly logoutUri: string;
  };
}

export interface ConsoleProps {
  /** The console's own domain and its us-east-1 certificate; without them, CloudFront's address. */
  readonly customDomain?: { readonly url: string; readonly certificateArn: string };
  /** Production keeps the bucket and logs (like other data); dev empties and deletes them with the stack. */
  readonly retainData: boolean;
  readonly logRetention: RetentionDays;
}

export interface ConsolePublication {
  /** The API's origin, `https://<id>.execute-api.<region>.amazonaws.com`. */
  readonly apiOrigin: string;
  /** The API's base URL without a trailing slash (the origin and the stage). */
  readonly apiBase: string;
  /** The sign-in pages' base URL and the app client. */
  readonly signInUrl: string;
  readonly clientId: string;
}

/**
 * The staff console (web/console) as static files: a private bucket read only by CloudFront
 * (origin access control). It is built in two steps because its address comes first (the sign-in
 * client, the functions' links and the API's CORS need it) while its `config.json` and
 * Content-Security-Policy need the API and the sign-in domain, which exist only later: `publish`.
 */
export class StaffConsole extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** Where staff open the console, with a trailing slash: `https://<host>/`. */
  readonly url: string;
  /** The same without the slash: what the browser sends as `Origin`. */
  readonly origin: string;
  readonly customDomain: ConsoleProps['customDomain'];
  /** The role of CDK's upload function (a CloudFormation custom resource, see `publish`). */
  readonly deploymentRole: Role;
  private readonly deploymentLogs: LogGroup;
  private published?: ConsolePublication;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // The bundle and its config: nothing personal, so S3's own keys (CloudFront reads them
      // without a key policy).
      encryption: BucketEncryption.S3_MANAGED,
      // A deployment replaces every file; the earlier ones stay restorable for a month.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
      autoDeleteObjects: !props.retainData,
    });

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Aftersales staff console: security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: Lazy.string({ produce: () => this.contentSecurityPolicy() }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const { customDomain } = props;
    this.customDomain = customDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Aftersales staff console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // Files are sent `no-cache` (below), so CloudFront keeps them for this policy's minimum
        // TTL, one second: a deployment shows at once without an invalidation.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America, Europe, Asia (Hong Kong, Singapore, Japan...): where staff are, for less.
      priceClass: PriceClass.PRICE_CLASS_200,
      ...(customDomain && {
        domainNames: [new URL(customDomain.url).host],
        certificate: Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn),
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });
    // Our own role for the upload function, like every function's: its log group and the S3 grants
    // BucketDeployment adds, without AWS's managed basic-execution policy.
    this.deploymentLogs = new LogGroup(this, 'DeploymentLogs', {
      retention: props.logRetention,
      removalPolicy,
    });
    this.deploymentRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the staff console to its bucket',
    });
    this.deploymentLogs.grantWrite(this.deploymentRole);

    this.url = customDomain?.url ?? `https://${this.distribution.distributionDomainName}/`;
    this.origin = customDomain
      ? new URL(customDomain.url).origin
      : `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads the console (built by esbuild at synth) and its `config.json` (deploy-time values). */
  publish(publication: ConsolePublication): void {
    this.published = publication;
    const config: CognitoConsoleConfig = {
      apiBase: publication.apiBase,
      auth: {
        kind: 'cognito',
        domain: publication.signInUrl,
        clientId: publication.clientId,
        redirectUri: this.url,
        logoutUri: this.url,
      },
    };
    new BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(consoleSource, {
          // The bundle also holds shared/ (schemas, messages): its hash is the output's, not web/console's.
          assetHashType: AssetHashType.OUTPUT,
          bundling: {
            local: {
              tryBundle(outputDir) {
                buildConsoleSync(outputDir, { minify: true });
                return true;
              },
            },
            // Never pulled: the local build above always runs (esbuild is a dependency of the project).
            image: DockerImage.fromRegistry('unused'),
          },
        }),
        Source.jsonData('config.json', config),
      ],
      // The names carry no content hash: browsers revalidate every file (ETag, 304).
      cacheControl: [CacheControl.noCache()],
      // Above Lambda's 128 MB default (which the Serverless checks flag): the AWS CLI unzips faster.
      memoryLimit: 256,
      role: this.deploymentRole,
      logGroup: this.deploymentLogs,
    });
  }

  /**
   * Scripts and connections only to the console itself, the API and the sign-in pages (the token
   * exchange). Chart.js sets inline styles; `data:` and `blob:` images are the icon and chart exports.
   */
  private contentSecurityPolicy(): string {
    if (!this.published) throw new Error('StaffConsole.publish() was never called');
    const { apiOrigin, signInUrl } = this.published;
    return [
      "default-src 'self'",
      `connect-src 'self' ${apiOrigin} ${signInUrl}`,
      "img-src 'self' data: blob:",
      "style-src 'self' 'unsafe-inline'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
  }
}
