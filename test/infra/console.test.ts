import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { readSettings } from '../../infra/config/settings.ts';
import {
  ofType,
  type Ref,
  type Resource,
  type Synthesized,
  statementsByRole,
  synthesize,
} from './template.ts';

const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
const customDomain = {
  stage: 'prod',
  consoleUrl: 'https://console.furniture.example.cn',
  consoleCertificateArn: certificateArn,
  allowedOrigins: '["https://service.furniture.example.cn","https://console.furniture.example.cn"]',
};

let dev: Synthesized;
let prod: Synthesized;
let custom: Synthesized;

beforeAll(() => {
  dev = synthesize();
  prod = synthesize({ stage: 'prod' });
  custom = synthesize(customDomain);
});

const only = (s: Synthesized, type: string): [string, Resource] => {
  const found = ofType(s.resources, type);
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
};
const idOf = (s: Synthesized, element: { node: { defaultChild?: unknown } }) =>
  s.stack.getLogicalId(element.node.defaultChild as CfnElement);

/** A CloudFormation value as text: `Ref`s and `GetAtt`s become `${Id}` and `${Id.Attr}`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const { Ref, 'Fn::GetAtt': getAtt } = value as Ref;
  if (Ref) return `\${${Ref}}`;
  if (getAtt) return `\${${getAtt.join('.')}}`;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(text).join(join[0]);
  return JSON.stringify(value);
}

/** The deployed config.json: the uploaded file with its deploy-time markers put back as `${Id}`. */
function configJson(s: Synthesized): unknown {
  const [, deployment] = only(s, 'Custom::CDKBucketDeployment');
  const { SourceObjectKeys, SourceMarkers } = deployment.Properties as {
    SourceObjectKeys: string[];
    SourceMarkers: Record<string, unknown>[];
  };
  const index = SourceObjectKeys.findIndex((_, i) => Object.keys(SourceMarkers[i] ?? {}).length > 0);
  const outdir = (s.stack.node.root as App).outdir;
  const assetDir = join(outdir, `asset.${SourceObjectKeys[index]?.replace(/\.zip$/, '')}`);
  let content = readFileSync(join(assetDir, 'config.json'), 'utf8');
  for (const [marker, value] of Object.entries(SourceMarkers[index] ?? {})) {
    content = content.replaceAll(marker, text(value));
  }
  return JSON.parse(content);
}

describe('staff console hosting', () => {
  it('keeps the files in a private, encrypted bucket that only TLS requests reach', () => {
    const [bucketId, bucket] = only(dev, 'AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    dev.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets CloudFront read the bucket through origin access control, for this distribution only', () => {
    const [distributionId, distribution] = only(dev, 'AWS::CloudFront::Distribution');
    const [oacId, oac] = only(dev, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const config = distribution.Properties.DistributionConfig as { Origins: Record<string, unknown>[] };
    expect(config.Origins).toEqual([
      expect.objectContaining({
        OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
        S3OriginConfig: { OriginAccessIdentity: '' },
      }),
    ]);
    const [, policy] = only(dev, 'AWS::S3::BucketPolicy');
    const { Statement } = policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] };
    const cloudFront = Statement.filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudfront.amazonaws.com' }),
    );
    expect(cloudFront).toHaveLength(1);
    const [read] = cloudFront as [{ Action: string; Condition: { StringEquals: Record<string, unknown> } }];
    expect(read.Action).toBe('s3:GetObject');
    expect(text(read.Condition.StringEquals['AWS:SourceArn'])).toMatch(
      new RegExp(`:distribution/\\$\\{${distributionId}\\}$`),
    );
  });

  it('serves index.html over HTTPS only, compressed, over HTTP/2 and 3, from edges that include Asia', () => {
    const [, distribution] = only(dev, 'AWS::CloudFront::Distribution');
    const [headersId] = only(dev, 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(distribution.Properties.DistributionConfig).toMatchObject({
      DefaultRootObject: 'index.html',
      HttpVersion: 'http2and3',
      PriceClass: 'PriceClass_200',
      DefaultCacheBehavior: {
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        Compress: true,
        ResponseHeadersPolicyId: { Ref: headersId },
      },
    });
  });

  it('sends security headers, with a CSP that lets the page reach only itself, the API and the sign-in pages', () => {
    const [, headers] = only(dev, 'AWS::CloudFront::ResponseHeadersPolicy');
    const config = (headers.Properties.ResponseHeadersPolicyConfig as Record<string, Record<string, unknown>>)
      .SecurityHeadersConfig as Record<string, Record<string, unknown>>;
    expect(config.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 31_536_000,
      Override: true,
    });
    expect(config.ContentTypeOptions).toEqual({ Override: true });
    expect(config.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(config.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });

    const api = idOf(dev, dev.stack.api.restApi);
    const domain = idOf(dev, dev.stack.auth.domain);
    const csp = text(config.ContentSecurityPolicy?.ContentSecurityPolicy).split('; ');
    expect(csp).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        `connect-src 'self' https://\${${api}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix} https://\${${domain}}.auth.\${AWS::Region}.amazoncognito.com`,
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "frame-ancestors 'none'",
      ]),
    );
  });

  it('uploads the console with a config.json naming the API, the sign-in pages, the client and its own URL', () => {
    const api = idOf(dev, dev.stack.api.restApi);
    const domain = idOf(dev, dev.stack.auth.domain);
    const client = idOf(dev, dev.stack.auth.client);
    const [distribution] = only(dev, 'AWS::CloudFront::Distribution');
    const consoleUrl = `https://\${${distribution}.DomainName}/`;
    expect(configJson(dev)).toEqual({
      apiBase: `https://\${${api}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/api`,
      auth: {
        kind: 'cognito',
        domain: `https://\${${domain}}.auth.\${AWS::Region}.amazoncognito.com`,
        clientId: `\${${client}}`,
        redirectUri: consoleUrl,
        logoutUri: consoleUrl,
      },
    });
    const [, deployment] = only(dev, 'Custom::CDKBucketDeployment');
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: { Ref: only(dev, 'AWS::S3::Bucket')[0] },
      Prune: true,
      // No content hash in the names: browsers revalidate every file.
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
  });

  it('gives the upload function a role that touches only its log group, the asset bucket and the console bucket', () => {
    const roleId = idOf(dev, dev.stack.staffConsole.deploymentRole);
    expect(dev.resources[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = statementsByRole(dev.resources).get(roleId) ?? [];
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((action) => !/^(s3|logs):/.test(action))).toEqual([]);
    const resources = statements.flatMap((s) => [s.Resource].flat()).map(text);
    const bucket = only(dev, 'AWS::S3::Bucket')[0];
    const logs = idOf(dev, dev.stack.staffConsole.node.findChild('DeploymentLogs'));
    for (const resource of resources) {
      expect([
        resource,
        resource.includes('cdk-hnb659fds-assets-') ||
          resource.startsWith(`\${${bucket}.Arn}`) ||
          resource === `\${${logs}.Arn}`,
      ]).toEqual([resource, true]);
    }
  });

  it('keeps the bucket in production and empties and deletes it with a dev stack', () => {
    const [, prodBucket] = only(prod, 'AWS::S3::Bucket') as [string, Resource & { DeletionPolicy?: string }];
    expect(prodBucket.DeletionPolicy).toBe('Retain');
    expect(JSON.stringify(prodBucket.Properties.Tags ?? [])).not.toContain('auto-delete-objects');
    const [, devBucket] = only(dev, 'AWS::S3::Bucket') as [string, Resource & { DeletionPolicy?: string }];
    expect(devBucket.DeletionPolicy).toBe('Delete');
    expect(devBucket.Properties.Tags).toContainEqual({ Key: 'aws-cdk:auto-delete-objects', Value: 'true' });
  });
});

describe('staff sign-in (Cognito managed login)', () => {
  it('has a sign-in domain of this stage and stack, with managed login and its branding', () => {
    const [domainId, domain] = only(dev, 'AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    expect(JSON.stringify(domain.Properties.Domain)).toContain('aftersales-dev');
    expect(JSON.stringify(domain.Properties.Domain)).toContain('AWS::StackId');
    const [, branding] = only(dev, 'AWS::Cognito::ManagedLoginBranding');
    expect(branding.Properties).toMatchObject({
      ClientId: { Ref: idOf(dev, dev.stack.auth.client) },
      UseCognitoProvidedValues: true,
    });
    dev.template.hasOutput('HostedUiDomain', {
      Value: {
        'Fn::Join': ['', Match.arrayWith(['https://', { Ref: domainId }])],
      },
    });
  });

  it('takes the domain prefix from the settings when one is given', () => {
    const configured = synthesize({ cognitoDomainPrefix: 'furniture-staff' });
    configured.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'furniture-staff' });
  });

  it('lets the console sign in with the authorization code flow (PKCE, no secret), back to its own URL', () => {
    const [distribution] = only(dev, 'AWS::CloudFront::Distribution');
    const consoleUrl = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/']],
    };
    const [, client] = only(dev, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [consoleUrl],
      LogoutURLs: [consoleUrl],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      IdTokenValidity: 60,
    });
    // The one client: the functions verify ID tokens issued to it.
    for (const [, fn] of dev.functions) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(Variables.USER_POOL_CLIENT_ID).toEqual({ Ref: idOf(dev, dev.stack.auth.client) });
    }
  });
});

describe('the console and the API', () => {
  it("lets the console's origin call the API, and links staff mail to the console", () => {
    const [distribution] = only(dev, 'AWS::CloudFront::Distribution');
    const preflights = ofType(dev.resources, 'AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties.HttpMethod === 'OPTIONS',
    );
    expect(preflights.length).toBeGreaterThan(0);
    for (const [, method] of preflights) {
      const integration = method.Properties.Integration as {
        IntegrationResponses: { ResponseTemplates: Record<string, unknown> }[];
      };
      const template = text(integration.IntegrationResponses[0]?.ResponseTemplates['application/json']);
      expect(template).toContain(`$origin == "https://\${${distribution}.DomainName}"`);
    }
    for (const [, fn] of dev.functions) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(text(Variables.CONSOLE_URL)).toBe(`https://\${${distribution}.DomainName}/`);
      expect(text(Variables.ALLOWED_ORIGINS)).toBe(
        `http://localhost:3000,https://\${${distribution}.DomainName}`,
      );
    }
    dev.template.hasOutput('ConsoleUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/']] },
    });
  });
});

describe('a console domain of its own', () => {
  it('serves it with its certificate and TLS 1.2 at least', () => {
    const [, distribution] = only(custom, 'AWS::CloudFront::Distribution');
    expect(distribution.Properties.DistributionConfig).toMatchObject({
      Aliases: ['console.furniture.example.cn'],
      ViewerCertificate: {
        AcmCertificateArn: certificateArn,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    });
    custom.template.hasOutput('ConsoleCnameTarget', {
      Value: { 'Fn::GetAtt': [only(custom, 'AWS::CloudFront::Distribution')[0], 'DomainName'] },
    });
  });

  it('uses it for sign-in redirects, staff mail and CORS, once', () => {
    custom.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://console.furniture.example.cn/'],
      LogoutURLs: ['https://console.furniture.example.cn/'],
    });
    for (const [, fn] of custom.functions) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(Variables.CONSOLE_URL).toBe('https://console.furniture.example.cn/');
      expect(Variables.ALLOWED_ORIGINS).toBe(
        'https://service.furniture.example.cn,https://console.furniture.example.cn',
      );
    }
    expect(configJson(custom)).toMatchObject({
      auth: {
        redirectUri: 'https://console.furniture.example.cn/',
        logoutUri: 'https://console.furniture.example.cn/',
      },
    });
  });
});

describe('console settings', () => {
  const settingsWith = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

  it('are optional: without them the console runs at its CloudFront address', () => {
    expect(settingsWith({ stage: 'prod' })).not.toHaveProperty('consoleUrl');
    expect(settingsWith({ stage: 'prod' })).not.toHaveProperty('cognitoDomainPrefix');
  });

  it('end the console URL with a slash, as Cognito compares redirect URLs exactly', () => {
    expect(settingsWith(customDomain).consoleUrl).toBe('https://console.furniture.example.cn/');
  });

  it.each([
    [
      'a console URL without its certificate',
      { consoleUrl: 'https://console.example.cn/' },
      /consoleCertificateArn: consoleUrl and consoleCertificateArn go together/,
    ],
    [
      'a certificate without a console URL',
      { consoleCertificateArn: certificateArn },
      /consoleUrl: consoleUrl and consoleCertificateArn go together/,
    ],
    [
      'a console URL with a path',
      { ...customDomain, consoleUrl: 'https://service.example.cn/console' },
      /consoleUrl: must be https:\/\/<host>\//,
    ],
    [
      'a console URL over plain HTTP',
      { ...customDomain, consoleUrl: 'http://console.example.cn/' },
      /consoleUrl/,
    ],
    [
      'a certificate outside us-east-1',
      { ...customDomain, consoleCertificateArn: certificateArn.replace('us-east-1', 'ap-east-1') },
      /consoleCertificateArn: must be the ARN of an ACM certificate in us-east-1/,
    ],
    [
      'a domain prefix with capitals',
      { cognitoDomainPrefix: 'Aftersales' },
      /cognitoDomainPrefix: must be 1-63/,
    ],
    ['a domain prefix ending in a hyphen', { cognitoDomainPrefix: 'aftersales-' }, /cognitoDomainPrefix/],
    ['a domain prefix Cognito reserves', { cognitoDomainPrefix: 'aws-staff' }, /must not contain "aws"/],
  ])('reject %s, naming the setting', (_, context, message) => {
    expect(() => settingsWith({ stage: 'prod', ...context })).toThrow(message);
  });
});
