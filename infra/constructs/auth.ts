import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles } from '../../shared/http/roles.ts';

/** Staff sign-in: Cognito groups are the roles of shared/http/roles.ts. */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'StaffPool', {
      // Staff accounts are created by an administrator; customers never sign in.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Department and office users see only their own records; the functions read these claims.
      customAttributes: {
        department: new StringAttribute({ mutable: true }),
        office: new StringAttribute({ mutable: true }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of roles) {
      new CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role });
    }
    // A browser app cannot keep a secret.
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
    });
  }
}
