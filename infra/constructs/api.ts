import {
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  Cors,
  LambdaIntegration,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { type Area, areas } from '../../shared/http/route.ts';
import { routeList } from '../../shared/http/routes.ts';

// Browsers only send the custom headers the preflight names, so they come from the registry.
const requestHeaders = new Set([
  ...Cors.DEFAULT_HEADERS,
  'Idempotency-Key',
  ...routeList.flatMap((route) => route.headers?.map((header) => header.name) ?? []),
]);

export interface ApiProps {
  readonly functions: Record<Area, IFunction>;
  readonly userPool: IUserPool;
  /** `*`, or the one origin that serves web/ (the console sends a bearer token, not cookies). */
  readonly corsOrigin: string;
}

/**
 * The REST API, wired from the route registry. WAF, throttling and a narrowed CORS origin are
 * production hardening, handled separately from this skeleton.
 */
export class Api extends Construct {
  readonly restApi: RestApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.restApi = new RestApi(this, 'Rest', {
      description: 'Aftersales API (paths come from shared/http/routes.ts)',
      // Registry paths already carry the version (/v1/...), so the stage name stays neutral.
      deployOptions: { stageName: 'api' },
      // An account-wide setting that one stack should not own.
      cloudWatchRole: false,
      defaultCorsPreflightOptions: {
        allowOrigins: [props.corsOrigin],
        allowHeaders: [...requestHeaders],
      },
    });
    // Without CORS headers on gateway errors a browser sees an expired token as a network failure.
    for (const type of [ResponseType.DEFAULT_4XX, ResponseType.DEFAULT_5XX]) {
      this.restApi.addGatewayResponse(type.responseType, {
        type,
        responseHeaders: { 'Access-Control-Allow-Origin': `'${props.corsOrigin}'` },
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
      this.restApi.root.resourceForPath(route.path).addMethod(route.method, integrations[route.area], {
        operationName: route.id,
        ...(staffOnly
          ? { authorizer, authorizationType: AuthorizationType.COGNITO }
          : { authorizationType: AuthorizationType.NONE }),
      });
    }
  }
}
