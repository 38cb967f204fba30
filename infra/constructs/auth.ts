import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles } from '../../shared/http/roles.ts';

export interface AuthProps {
  readonly stage: string;
  /** Production: the pool (and so every staff account) survives the stack. */
  readonly retainData: boolean;
  /** The sign-in pages' prefix (`<prefix>.auth.<region>.amazoncognito.com`); by default one of this stack's own. */
  readonly domainPrefix: string | undefined;
  /** Where the console runs: the sign-in pages send staff back there after signing in or out. */
  readonly consoleUrl: string;
}

/**
 * `aftersales-<stage>-<8 hex digits of this stack's id>`: Cognito prefixes are unique per region
 * across all accounts, so the stage alone would collide with another supplier's deployment. The
 * stack id is known only at deployment, which keeps synth free of look-ups and credentials.
 */
const stackDomainPrefix = (stage: string) =>
  Fn.join('-', ['aftersales', stage, Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))))]);

/** Staff sign-in: Cognito groups are the roles of shared/http/roles.ts. */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The sign-in pages' base URL, e.g. https://aftersales-prod-1a2b3c4d.auth.ap-east-1.amazoncognito.com */
  readonly signInUrl: string;

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
    // The console's one client: API Gateway's authorizer and shared/http/tokens.ts accept the ID
    // tokens of this client, so signing in through the hosted pages needs no second one.
    this.client = this.userPool.addClient('Console', {
      // A browser app cannot keep a secret: the console proves itself with PKCE instead.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        // Authorization code only: the implicit grant would put tokens in the URL.
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // An hour per token; after a working day staff sign in again (with their authenticator).
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // Office and department decide what a user may see; only an administrator may change them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // Managed login (the Essentials and Plus plans' sign-in pages) speaks Simplified Chinese
    // (`lang=zh-CN`), which the classic hosted UI does not; it shows nothing until the client has
    // a branding, here Cognito's own.
    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? stackDomainPrefix(props.stage) },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new CfnManagedLoginBranding(this, 'SignInBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    this.signInUrl = this.domain.baseUrl();
  }
}
