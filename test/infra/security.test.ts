import { Match } from 'aws-cdk-lib/assertions';
import { stages } from '../../infra/config/stages.ts';
import { methodSettingsKey, publicSubmissions } from '../../infra/constructs/api.ts';
import { alarmThresholds } from '../../infra/constructs/monitoring.ts';
import { capabilities, type FunctionKey } from '../../infra/constructs/permissions.ts';
import { functionClasses, functionOverrides } from '../../infra/constructs/project-function.ts';
import { MAX_BODY_BYTES } from '../../shared/http/request-body.ts';
import {
  allowing,
  logicalIdOf,
  ofType,
  type Ref,
  type Resource,
  roleIdOf,
  type Synthesized,
  statementsByRole,
  synthesize,
} from './template.ts';

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synthesize();
  prod = synthesize({ stage: 'prod', opsEmails: '["ops@example.com"]' });
});

const only = (resources: Record<string, Resource>, type: string): Resource => {
  const found = ofType(resources, type);
  expect(found).toHaveLength(1);
  return (found[0] as [string, Resource])[1];
};
const logicalId = (ref: unknown) => (ref as Ref).Ref ?? (ref as Ref)['Fn::GetAtt']?.[0];

describe('API security', () => {
  it('throttles the stage, and each public submission more tightly', () => {
    const stage = only(prod.resources, 'AWS::ApiGateway::Stage');
    const settings = stage.Properties.MethodSettings as Record<string, unknown>[];
    const { apiThrottling } = stages.prod;
    expect(settings).toContainEqual(
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: apiThrottling.rateLimit,
        ThrottlingBurstLimit: apiThrottling.burstLimit,
      }),
    );
    expect(publicSubmissions.map((route) => route.path)).toEqual(
      expect.arrayContaining([
        '/v1/complaints',
        '/v1/inquiries',
        '/v1/service-requests',
        '/v1/unsubscribe/{token}',
      ]),
    );
    for (const route of publicSubmissions) {
      // API Gateway escapes slashes of the resource path as ~1.
      const [path] = methodSettingsKey(route).split(`/${route.method}`);
      expect(settings).toContainEqual(
        expect.objectContaining({
          HttpMethod: route.method,
          ResourcePath: `/${(path ?? '').replaceAll('/', '~1')}`,
          ThrottlingRateLimit: apiThrottling.publicRateLimit,
          ThrottlingBurstLimit: apiThrottling.publicBurstLimit,
        }),
      );
    }
  });

  it('puts a WAF web ACL on the API stage: per-address limits, body size, managed rules', () => {
    const acl = only(prod.resources, 'AWS::WAFv2::WebACL');
    const association = only(prod.resources, 'AWS::WAFv2::WebACLAssociation');
    const [stageId] = ofType(prod.resources, 'AWS::ApiGateway::Stage')[0] ?? [];
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain(stageId);
    expect(logicalId(association.Properties.WebACLArn)).toBe(
      ofType(prod.resources, 'AWS::WAFv2::WebACL')[0]?.[0],
    );
    expect(acl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    const rules = acl.Properties.Rules as {
      Name: string;
      Statement: Record<string, unknown>;
      Action?: unknown;
    }[];
    const byName = new Map(rules.map((rule) => [rule.Name, rule]));

    const submissions = byName.get('submissions-per-address')?.Statement.RateBasedStatement as {
      Limit: number;
      AggregateKeyType: string;
      ScopeDownStatement: unknown;
    };
    expect(submissions).toMatchObject({ Limit: stages.prod.wafRateLimit, AggregateKeyType: 'IP' });
    const scope = JSON.stringify(submissions.ScopeDownStatement);
    for (const route of publicSubmissions) {
      // Exactly the path, or its fixed start when it has parameters.
      const fixed = route.path.split('{')[0];
      expect([route.path, scope.includes(`"SearchString":"/api${fixed}"`)]).toEqual([route.path, true]);
    }
    expect(scope).toContain('"PositionalConstraint":"STARTS_WITH","SearchString":"/api/v1/surveys/"');
    expect(scope).toContain('"PositionalConstraint":"EXACTLY","SearchString":"/api/v1/complaints"');
    expect(byName.get('requests-per-address')?.Statement).toMatchObject({
      RateBasedStatement: { AggregateKeyType: 'IP' },
    });
    expect(byName.get('body-size')?.Statement).toMatchObject({
      SizeConstraintStatement: {
        ComparisonOperator: 'GT',
        Size: MAX_BODY_BYTES,
        FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
      },
    });
    expect(acl.Properties.AssociationConfig).toEqual({
      RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_64' } },
    });
    for (const managed of [
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
    ]) {
      expect(byName.get(managed)?.Statement).toMatchObject({
        ManagedRuleGroupStatement: { VendorName: 'AWS', Name: managed },
      });
    }
  });

  it('allows only the configured origins, on preflights and on gateway errors', () => {
    const origins = JSON.stringify(
      ofType(prod.resources, 'AWS::ApiGateway::Method')
        .filter(([, m]) => m.Properties.HttpMethod === 'OPTIONS')
        .map(([, m]) => m.Properties.Integration),
    );
    expect(origins).toContain(stages.prod.allowedOrigins[0]);
    expect(origins).not.toContain("'*'");
    for (const [, response] of ofType(prod.resources, 'AWS::ApiGateway::GatewayResponse')) {
      const headers = response.Properties.ResponseParameters as Record<string, string>;
      expect(headers['gatewayresponse.header.Access-Control-Allow-Origin']).toBe(
        `'${stages.prod.allowedOrigins[0]}'`,
      );
      expect(headers['gatewayresponse.header.Content-Type']).toContain('application/problem+json');
    }
    // Every function is told the same list and the console's origin (its CloudFront address),
    // for the CORS headers of its own responses.
    const [distributionId] = ofType(prod.resources, 'AWS::CloudFront::Distribution')[0] ?? [];
    for (const [, fn] of prod.functions) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(Variables.ALLOWED_ORIGINS).toEqual({
        'Fn::Join': [
          '',
          [
            `${stages.prod.allowedOrigins.join(',')},https://`,
            { 'Fn::GetAtt': [distributionId, 'DomainName'] },
          ],
        ],
      });
    }
  });

  it('writes JSON access logs with nothing that identifies a person', () => {
    const stage = only(prod.resources, 'AWS::ApiGateway::Stage');
    const { Format, DestinationArn } = stage.Properties.AccessLogSetting as {
      Format: string;
      DestinationArn: unknown;
    };
    expect(prod.resources[logicalId(DestinationArn) ?? '']?.Type).toBe('AWS::Logs::LogGroup');
    const fields = JSON.parse(Format) as Record<string, string>;
    expect(Object.values(fields)).toEqual(expect.arrayContaining(['$context.requestId', '$context.status']));
    // No address, user agent, caller, user or path with ids: only the route template.
    expect(Format).not.toMatch(/identity|sourceIp|userAgent|authorizer|\$context\.path/);
    expect(stage.Properties.TracingEnabled).toBe(true);
  });
});

describe('data protection', () => {
  const table = (s: Synthesized) =>
    ofType(s.resources, 'AWS::DynamoDB::Table')[0] as [string, Resource & { DeletionPolicy?: string }];

  it('encrypts the table with a customer-managed key that rotates', () => {
    const [, key] = ofType(prod.resources, 'AWS::KMS::Key')[0] ?? [];
    const [keyId] = ofType(prod.resources, 'AWS::KMS::Key')[0] ?? [];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    const [, item] = table(prod);
    expect(item.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(item.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(item.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
  });

  it('retains and protects production data, and lets a dev stack go', () => {
    prod.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { DeletionProtectionEnabled: true },
    });
    prod.template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    prod.template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: { DeletionProtection: 'ACTIVE' },
    });
    dev.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: { DeletionProtectionEnabled: false },
    });
  });

  it("keeps every log group for the stage's retention", () => {
    for (const [, group] of ofType(prod.resources, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays).toBe(stages.prod.logRetentionDays);
    }
  });

  it('logs the workflow at ERROR without execution data, traced', () => {
    prod.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('requires MFA and strong passwords of staff, and lets nobody change their own office or department', () => {
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'department' }),
        Match.objectLike({ Name: 'office' }),
      ]),
    });
    const client = only(prod.resources, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties.WriteAttributes).toEqual(['name']);
  });
});

describe('functions', () => {
  it('trace, and get the memory and timeout of their class (or of their own override)', () => {
    const { stack, resources } = prod;
    const classOf = (key: FunctionKey) =>
      key.startsWith('http:')
        ? 'api'
        : key.startsWith('scheduled:')
          ? 'scheduled'
          : key.startsWith('events:')
            ? 'events'
            : 'workflow';
    for (const [key, fn] of Object.entries(stack.allFunctions) as [FunctionKey, never][]) {
      const properties = resources[logicalIdOf(stack, fn)]?.Properties ?? {};
      // Overrides are by construct id (`http-dossier` for `http:dossier`).
      const limits = { ...functionClasses[classOf(key)], ...functionOverrides[key.replace(':', '-')] };
      expect([key, properties.MemorySize, properties.Timeout, properties.TracingConfig]).toEqual([
        key,
        limits.memorySize,
        limits.timeout.toSeconds(),
        { Mode: 'Active' },
      ]);
    }
  });

  it('send failed asynchronous invocations to the failure queue', () => {
    const { stack, resources } = prod;
    const [queueId] = ofType(resources, 'AWS::SQS::Queue')[0] ?? [];
    const configs = ofType(resources, 'AWS::Lambda::EventInvokeConfig');
    const asynchronous = [
      ...Object.values(stack.functions.bySchedule),
      ...Object.values(stack.functions.byEvent),
    ];
    expect(configs).toHaveLength(asynchronous.length);
    for (const fn of asynchronous) {
      const config = configs.find(([, c]) =>
        JSON.stringify(c.Properties.FunctionName).includes(logicalIdOf(stack, fn)),
      );
      expect(config?.[1].Properties.DestinationConfig).toEqual({
        OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      });
    }
    for (const [, schedule] of ofType(resources, 'AWS::Scheduler::Schedule')) {
      expect(schedule.Properties.Target).toMatchObject({
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      });
    }
  });
});

describe('least privilege', () => {
  it('gives no function a managed policy, and each one its own log group only', () => {
    const { stack, resources } = prod;
    const statements = statementsByRole(resources);
    for (const fn of Object.values(stack.allFunctions)) {
      const roleId = roleIdOf(stack, fn);
      expect(resources[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
      const logWrites = allowing(statements.get(roleId) ?? [], 'logs:PutLogEvents');
      const logGroupId = (
        (resources[logicalIdOf(stack, fn)]?.Properties.LoggingConfig ?? {}) as { LogGroup: Ref }
      ).LogGroup.Ref;
      expect(logWrites.map((s) => logicalId(s.Resource))).toEqual([logGroupId]);
    }
  });

  it('grants the table only to functions that touch it, read-only where they only read', () => {
    const { stack, resources } = prod;
    const statements = statementsByRole(resources);
    const can = (key: FunctionKey, action: string) =>
      allowing(statements.get(roleIdOf(stack, stack.allFunctions[key])) ?? [], action).length > 0;
    expect(can('http:docs', 'dynamodb:GetItem')).toBe(false);
    expect(can('http:cases', 'dynamodb:Query')).toBe(true);
    expect(can('http:cases', 'dynamodb:PutItem')).toBe(false);
    expect(can('http:intake', 'dynamodb:PutItem')).toBe(true);
    expect(capabilities['http:cases']).toEqual(['readTable']);
  });

  it('allows a "*" resource only for actions that have no resource to name', () => {
    const allowedOnAnything = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'ses:PutSuppressedDestination',
      'ses:DeleteSuppressedDestination',
      // Step Functions' log delivery
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ]);
    for (const [roleId, roleStatements] of statementsByRole(prod.resources)) {
      for (const statement of roleStatements) {
        if (![statement.Resource].flat().includes('*')) continue;
        for (const action of [statement.Action].flat())
          expect([roleId, action, allowedOnAnything.has(action)]).toEqual([roleId, action, true]);
      }
    }
    // ...and the one function that suppresses addresses is the SES events handler.
    const suppressors = [...statementsByRole(prod.resources)]
      .filter(([, s]) => allowing(s, 'ses:PutSuppressedDestination').length > 0)
      .map(([roleId]) => roleId);
    expect(suppressors).toEqual([roleIdOf(prod.stack, prod.stack.functions.byEvent['ses-events'])]);
  });

  it('lets functions send mail only as the stage identity with its configuration set', () => {
    const sends = [...statementsByRole(prod.resources).values()].flatMap((s) => allowing(s, 'ses:SendEmail'));
    expect(sends.length).toBeGreaterThan(0);
    for (const statement of sends) {
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain(`identity/${stages.prod.senderDomain}`);
      expect(resources).toContain('configuration-set/aftersales-prod');
      expect(resources).not.toContain('identity/*');
    }
  });
});

describe('link signing keys', () => {
  it('are a generated secret under the stage key, readable only by the functions that sign or check links', () => {
    const [secretId, secret] = ofType(prod.resources, 'AWS::SecretsManager::Secret')[0] ?? [];
    const [keyId] = ofType(prod.resources, 'AWS::KMS::Key')[0] ?? [];
    expect(secret?.Properties).toMatchObject({
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      GenerateSecretString: { SecretStringTemplate: '{"current":"k1"}', GenerateStringKey: 'k1' },
    });
    const readers = (Object.entries(prod.stack.allFunctions) as [FunctionKey, never][])
      .filter(([key]) =>
        allowing(
          statementsByRole(prod.resources).get(roleIdOf(prod.stack, prod.stack.allFunctions[key])) ?? [],
          'secretsmanager:GetSecretValue',
        ).some((statement) => JSON.stringify(statement.Resource).includes(secretId ?? '')),
      )
      .map(([key]) => key)
      .sort();
    const expected = (Object.entries(capabilities) as [FunctionKey, readonly string[]][])
      .filter(([, granted]) => granted.includes('readLinkKeys'))
      .map(([key]) => key)
      .sort();
    expect(readers).toEqual(expected);
    expect(readers).toEqual(['http:feedback', 'scheduled:survey-mail']);
    for (const [, fn] of prod.functions) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(Variables.LINK_KEYS_SECRET_ARN).toEqual({ Ref: secretId });
      expect(Variables.LINK_SIGNING_KEYS).toBeUndefined();
      expect(Variables.PUBLIC_URL).toBe(stages.prod.publicUrl);
    }
  });
});

describe('email', () => {
  it('verifies the sender domain and sends everything through the configuration set', () => {
    prod.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: stages.prod.senderDomain,
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    prod.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'aftersales-prod',
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    for (const [, fn] of prod.functions) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(Variables.SES_CONFIGURATION_SET).toBe('aftersales-prod');
    }
  });

  it("routes this stage's sends, bounces and complaints through EventBridge to the registry's functions", () => {
    prod.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['send', 'bounce', 'complaint']),
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      },
    });
    const rules = ofType(prod.resources, 'AWS::Events::Rule').map(([, rule]) => rule.Properties);
    const expected = {
      'ses-events': ['Email Bounced', 'Email Complaint Received'],
      'mail-sent': ['Email Sent'],
    } as const;
    expect(rules).toHaveLength(Object.keys(expected).length);
    for (const [name, detailTypes] of Object.entries(expected)) {
      const fn = logicalIdOf(prod.stack, prod.stack.functions.byEvent[name as keyof typeof expected]);
      const rule = rules.find((r) => logicalId((r.Targets as { Arn: unknown }[])[0]?.Arn) === fn);
      if (!rule) throw new Error(`no rule targets ${name}`);
      expect(rule.EventPattern).toEqual({
        source: ['aws.ses'],
        'detail-type': detailTypes,
        detail: { mail: { tags: { 'ses:configuration-set': ['aftersales-prod'] } } },
      });
      expect((rule.Targets as { DeadLetterConfig: unknown }[])[0]?.DeadLetterConfig).toEqual({
        Arn: { 'Fn::GetAtt': [ofType(prod.resources, 'AWS::SQS::Queue')[0]?.[0], 'Arn'] },
      });
    }
  });
});

describe('monitoring', () => {
  const alarms = () => ofType(prod.resources, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);

  it('sends every alarm to the encrypted ops topic, which mails the ops addresses', () => {
    const [topicId, topic] = ofType(prod.resources, 'AWS::SNS::Topic')[0] ?? [];
    expect(topic?.Properties.KmsMasterKeyId).toBeDefined();
    for (const alarm of alarms()) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    prod.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      RedrivePolicy: Match.anyValue(),
    });
  });

  it('alarms on Lambda errors of every function, and on throttling in the account', () => {
    const metrics = alarms().map(
      (alarm) => `${alarm.Namespace}/${alarm.MetricName} ${JSON.stringify(alarm.Dimensions)}`,
    );
    // Grouped in metric math alarms: each function's Errors metric is in exactly one of them.
    const errorMetrics = alarms().flatMap((alarm) =>
      ((alarm.Metrics ?? []) as { MetricStat?: { Metric: { MetricName: string; Dimensions: unknown } } }[])
        .filter((m) => m.MetricStat?.Metric.MetricName === 'Errors')
        .map((m) => JSON.stringify(m.MetricStat?.Metric.Dimensions)),
    );
    for (const fn of Object.values(prod.stack.allFunctions)) {
      const id = logicalIdOf(prod.stack, fn);
      expect(errorMetrics.filter((m) => m.includes(id))).toHaveLength(1);
    }
    for (const alarm of alarms()) expect(((alarm.Metrics ?? []) as unknown[]).length).toBeLessThanOrEqual(11);
    expect(metrics).toContain('AWS/Lambda/Throttles undefined');
  });

  it.each([
    ['AWS/States', 'ExecutionsFailed', 1],
    ['AWS/States', 'ExecutionsTimedOut', 1],
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 1],
    ['AWS/SES', 'Reputation.BounceRate', alarmThresholds.sesBounceRate],
    ['AWS/SES', 'Reputation.ComplaintRate', alarmThresholds.sesComplaintRate],
    ['Aftersales/prod', 'ReplyDeadlineBreaches', 1],
    ['Aftersales/prod', 'StalledWorkflows', 1],
  ])('alarms on %s %s at %s', (namespace, metricName, threshold) => {
    expect(alarms()).toContainEqual(
      expect.objectContaining({
        Namespace: namespace,
        MetricName: metricName,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
  });

  it('alarms on the API 5xx rate, counting only when there is traffic', () => {
    const rate = alarms().find((alarm) => JSON.stringify(alarm.Metrics ?? '').includes('errors / requests'));
    expect(rate?.Threshold).toBe(alarmThresholds.serverErrorRate);
    expect(JSON.stringify(rate?.Metrics)).toContain('5XXError');
  });

  it('counts reply deadline breaches and stalled workflows from the SLA job log, and draws a dashboard', () => {
    const filters = Object.values(prod.resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter');
    expect(filters.flatMap((f) => f.Properties.MetricTransformations as unknown[])).toEqual([
      expect.objectContaining({ MetricName: 'ReplyDeadlineBreaches', MetricValue: '$.breached' }),
      expect.objectContaining({ MetricName: 'StalledWorkflows', MetricValue: '$.stalled' }),
    ]);
    const slaLogs = (
      (prod.resources[logicalIdOf(prod.stack, prod.stack.functions.bySchedule['complaint-sla'])]?.Properties
        .LoggingConfig ?? {}) as { LogGroup: Ref }
    ).LogGroup.Ref;
    for (const filter of filters) expect(filter.Properties.LogGroupName).toEqual({ Ref: slaLogs });
    only(prod.resources, 'AWS::CloudWatch::Dashboard');
  });
});
