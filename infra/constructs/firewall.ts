import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { MAX_BODY_BYTES } from '../../shared/http/request-body.ts';
import type { RegisteredRoute } from '../../shared/http/routes.ts';
import { bilingual } from './api.ts';

export interface FirewallProps {
  readonly stage: string;
  /** The API stage's ARN and name (paths WAF sees start with `/<stageName>`). */
  readonly stageArn: string;
  readonly stageName: string;
  /** The routes anyone may call that change something (the web forms). */
  readonly publicSubmissions: readonly RegisteredRoute[];
  /** Submissions one IP address may make in 5 minutes. */
  readonly submissionsPerIp: number;
}

interface SubmissionMatch {
  readonly method: string;
  readonly searchString: string;
  readonly positionalConstraint: string;
}

/** Any request of any kind: generous, it only stops floods (an office's staff share one address). */
const ALL_REQUESTS_FACTOR = 20;

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  // Sampled requests keep callers' addresses and headers: personal data WAF need not hold.
  sampledRequestsEnabled: false,
});

const managedRules = (names: readonly string[], firstPriority: number): CfnWebACL.RuleProperty[] =>
  names.map((name, index) => ({
    name,
    priority: firstPriority + index,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        // Complaint descriptions can pass the common rule set's 8 KB; our own rule allows 64 KB.
        ...(name === 'AWSManagedRulesCommonRuleSet'
          ? { ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] }
          : {}),
      },
    },
    visibilityConfig: visibility(name),
  }));

/**
 * The WAF web ACL in front of the API: per-address rate limits (public submissions tightly, all
 * requests loosely), a body size limit, and AWS's managed rules for known bad input and addresses.
 */
export class Firewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    // A path with parameters (`/v1/surveys/{token}`) is matched by its fixed start.
    const pathMatch = (route: RegisteredRoute) => {
      const fixed = route.path.split('{')[0] ?? route.path;
      return {
        searchString: `/${props.stageName}${fixed}`,
        positionalConstraint: fixed === route.path ? 'EXACTLY' : 'STARTS_WITH',
      };
    };
    const submissionPath = ({
      method,
      searchString,
      positionalConstraint,
    }: SubmissionMatch): CfnWebACL.StatementProperty => ({
      andStatement: {
        statements: [
          {
            byteMatchStatement: {
              fieldToMatch: { method: {} },
              positionalConstraint: 'EXACTLY',
              searchString: method,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          {
            byteMatchStatement: {
              fieldToMatch: { uriPath: {} },
              positionalConstraint,
              searchString,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        ],
      },
    });
    const matches = new Map<string, SubmissionMatch>();
    for (const route of props.publicSubmissions) {
      const match = { method: route.method, ...pathMatch(route) };
      matches.set(`${match.method} ${match.positionalConstraint} ${match.searchString}`, match);
    }
    const submissions = [...matches.values()].map(submissionPath);
    const [first, ...others] = submissions;
    if (!first) throw new Error('The route registry has no public submission for WAF to limit');
    const scopeDownStatement = others.length === 0 ? first : { orStatement: { statements: submissions } };
    const tooMany = {
      block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooManyRequests' } },
    };

    this.webAcl = new CfnWebACL(this, 'Acl', {
      name: `aftersales-${props.stage}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`aftersales-${props.stage}`),
      // Inspect whole bodies up to the functions' own limit, so the size rule sees what they would.
      associationConfig: { requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: 'KB_64' } } },
      customResponseBodies: {
        tooManyRequests: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: '/v1/docs#problem-gateway',
            title: bilingual('problem.tooManyRequests'),
            status: 429,
          }),
        },
        tooLarge: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: '/v1/docs#problem-gateway',
            title: bilingual('problem.payloadTooLarge'),
            status: 413,
          }),
        },
      },
      rules: [
        {
          name: 'submissions-per-address',
          priority: 0,
          action: tooMany,
          statement: {
            rateBasedStatement: {
              limit: props.submissionsPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement,
            },
          },
          visibilityConfig: visibility('submissions-per-address'),
        },
        {
          name: 'requests-per-address',
          priority: 1,
          action: tooMany,
          statement: {
            rateBasedStatement: {
              limit: props.submissionsPerIp * ALL_REQUESTS_FACTOR,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('requests-per-address'),
        },
        {
          name: 'body-size',
          priority: 2,
          action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'tooLarge' } } },
          statement: {
            sizeConstraintStatement: {
              // Larger than the inspection limit counts as a match: such a body is too large anyway.
              fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
              comparisonOperator: 'GT',
              size: MAX_BODY_BYTES,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          visibilityConfig: visibility('body-size'),
        },
        ...managedRules(
          [
            'AWSManagedRulesAmazonIpReputationList',
            'AWSManagedRulesKnownBadInputsRuleSet',
            'AWSManagedRulesCommonRuleSet',
          ],
          3,
        ),
      ],
    });
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
