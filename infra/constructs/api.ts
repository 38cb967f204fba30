import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  Cors,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { exposedHeaders } from '../../shared/http/cors.ts';
import { type Area, areas } from '../../shared/http/route.ts';
import { type RegisteredRoute, routeList } from '../../shared/http/routes.ts';
import { catalogue, type MessageKey } from '../../shared/i18n/messages.ts';
import type { Settings } from '../config/settings.ts';

// Browsers only send the custom headers the preflight names, so they come from the registry.
const requestHeaders = new Set([
  ...Cors.DEFAULT_HEADERS,
  'Idempotency-Key',
  ...routeList.flatMap((route) => route.headers?.map((header) => header.name) ?? []),
]);

/** Registry paths already carry the version (/v1/...), so the stage name stays neutral. */
export const apiStageName = 'api';

/** The routes anyone may call that change something: the web forms. */
export const publicSubmissions: readonly RegisteredRoute[] = routeList.filter(
  (route) => route.access.kind === 'public' && route.method !== 'GET',
);
/** API Gateway's key for one method in a stage's method settings, e.g. `/v1/complaints/POST`. */
export const methodSettingsKey = (route: RegisteredRoute) => `${route.path}/${route.method}`;

/**
 * What API Gateway answers itself (no token, throttled, too large...), as problem+json like the
 * functions' errors. It cannot negotiate a language, so the title carries both. An unknown path
 * is "missing authentication token" to API Gateway; callers are told the truth, 404.
 */
const gatewayProblems = [
  { type: ResponseType.UNAUTHORIZED, status: 401, key: 'problem.unauthorized' },
  { type: ResponseType.ACCESS_DENIED, status: 403, key: 'problem.forbidden' },
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: 404, key: 'problem.routeNotFound' },
  { type: ResponseType.WAF_FILTERED, status: 403, key: 'problem.rejected' },
  { type: ResponseType.THROTTLED, status: 429, key: 'problem.tooManyRequests' },
  { type: ResponseType.REQUEST_TOO_LARGE, status: 413, key: 'problem.payloadTooLarge' },
  { type: ResponseType.DEFAULT_4XX, status: undefined, key: 'problem.rejected' },
  { type: ResponseType.DEFAULT_5XX, status: undefined, key: 'problem.unavailable' },
] as const satisfies readonly { type: ResponseType; status: number | undefined; key: MessageKey }[];

/** Both languages of a message, without its `{placeholders}` (a gateway response has no parameters). */
export const bilingual = (key: MessageKey) =>
  [catalogue['zh-CN'][key], catalogue.en[key]]
    .map((text) => text.replace(/\s*[（(][^）)]*\{\w+\}[^）)]*[）)]/g, ''))
    .join(' / ');

/** Access log fields: what ops need to trace a request, and nothing that identifies a person. */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    time: AccessLogField.contextRequestTime(),
    method: AccessLogField.contextHttpMethod(),
    // The route template (`/v1/cases/{id}`), not the path: no ids, no query strings.
    resource: AccessLogField.contextResourcePath(),
    status: AccessLogField.contextStatus(),
    latencyMs: AccessLogField.contextResponseLatency(),
    integrationLatencyMs: AccessLogField.contextIntegrationLatency(),
    responseLength: AccessLogField.contextResponseLength(),
    error: AccessLogField.contextErrorMessage(),
    waf: AccessLogField.contextWafResponseCode(),
  }),
);

export interface ApiProps {
  readonly functions: Record<Area, IFunction>;
  readonly userPool: IUserPool;
  readonly settings: Settings;
  /** The origins browsers may call from: the configured ones (web forms first) and the console's. */
  readonly allowedOrigins: readonly string[];
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** The REST API, wired from the route registry. The firewall in front of it is firewall.ts. */
export class Api extends Construct {
  readonly restApi: RestApi;
  /** Methods without the Cognito authorizer (the public routes of the registry). */
  readonly publicMethods: Method[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { settings } = props;
    const { apiThrottling } = settings;
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.restApi = new RestApi(this, 'Rest', {
      description: 'Aftersales API (paths come from shared/http/routes.ts)',
      // An account-wide setting that one stack should not own; access logs need no role.
      cloudWatchRole: false,
      // The dossier PDF: a function's base64 body reaches callers that send `Accept: application/pdf`
      // as bytes (every other response is text and passes through unchanged).
      binaryMediaTypes: ['application/pdf'],
      deployOptions: {
        stageName: apiStageName,
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.OFF,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat,
        throttlingRateLimit: apiThrottling.rateLimit,
        throttlingBurstLimit: apiThrottling.burstLimit,
        // The forms are the only methods open to anyone: each gets its own, lower, limit.
        methodOptions: Object.fromEntries(
          publicSubmissions.map((route) => [
            methodSettingsKey(route),
            {
              throttlingRateLimit: apiThrottling.publicRateLimit,
              throttlingBurstLimit: apiThrottling.publicBurstLimit,
            },
          ]),
        ),
      },
    });
    // Gateway errors cannot echo the caller's origin safely, so they name the first (the web app's).
    const [webOrigin] = settings.allowedOrigins;
    for (const { type, status, key } of gatewayProblems) {
      this.restApi.addGatewayResponse(`Problem-${type.responseType}`, {
        type,
        ...(status ? { statusCode: String(status) } : {}),
        responseHeaders: {
          'Access-Control-Allow-Origin': `'${webOrigin}'`,
          Vary: "'Origin'",
          'Content-Type': "'application/problem+json; charset=utf-8'",
        },
        templates: {
          'application/json': JSON.stringify({
            type: '/v1/docs#problem-gateway',
            title: bilingual(key),
            ...(status ? { status } : {}),
            requestId: '$context.requestId',
          }),
        },
      });
    }

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Staff', { cognitoUserPools: [props.userPool] });
    // One integration per area with an API-wide permission: one AWS::Lambda::Permission per function
    // instead of one per method, which would grow with every route.
    const integrations = Object.fromEntries(
      areas.map((area) => [
        area,
        new LambdaIntegration(props.functions[area], { scopePermissionToMethod: false }),
      ]),
    ) as Record<Area, LambdaIntegration>;

    for (const route of routeList) {
      // Public routes with staff roles stay open here: the function itself reads an optional token.
      const staffOnly = route.access.kind === 'staff';
      const method = this.restApi.root
        .resourceForPath(route.path)
        .addMethod(route.method, integrations[route.area], {
          operationName: route.id,
          ...(staffOnly
            ? { authorizer, authorizationType: AuthorizationType.COGNITO }
            : { authorizationType: AuthorizationType.NONE }),
        });
      if (!staffOnly) this.publicMethods.push(method);
    }
    // Preflight only where there are methods: path segments without any (`/v1`, `/v1/reports`) need
    // none, and each OPTIONS method is a resource of its own in a stack that must stay below 500.
    for (const path of new Set(routeList.map((route) => route.path))) {
      this.restApi.root.resourceForPath(path).addCorsPreflight({
        allowOrigins: [...props.allowedOrigins],
        allowHeaders: [...requestHeaders],
        exposeHeaders: [...exposedHeaders],
      });
    }
  }
}
