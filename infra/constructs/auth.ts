import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles } from '../../shared/http/roles.ts';

export interface AuthProps {
  /** Production: the pool (and so every staff account) survives the stack. */
  readonly retainData: boolean;
}

/** Staff sign-in: Cognito groups are the roles of shared/http/roles.ts. */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'StaffPool', {
      // Staff accounts are created by an administrator; customers never sign in.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Staff see customers' personal data: a password alone is not enough (PIPL art. 51).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Plus: blocks sign-ins with leaked credentials and risky sign-ins (a few staff: cents a month).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // Department and office users see only their own records; the functions read these claims.
      customAttributes: {
        department: new StringAttribute({ mutable: true }),
        office: new StringAttribute({ mutable: true }),
      },
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const role of roles) {
      new CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role });
    }
    // A browser app cannot keep a secret.
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      // Office and department decide what a user may see; only an administrator may change them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }
}
