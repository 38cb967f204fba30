import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The keys that sign links in customers' emails (shared/app/links.ts), generated at the first
 * deployment as `{"current":"k1","k1":"<48 random characters>"}`. Rotation adds a key id and
 * makes it current; the old one keeps verifying until its links have expired (docs/deploy.md).
 */
export class LinkKeys extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: { key: IKey; removalPolicy: RemovalPolicy }) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Aftersales: keys that sign survey, follow-up and unsubscribe links',
      encryptionKey: props.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ current: 'k1' }),
        generateStringKey: 'k1',
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy: props.removalPolicy,
    });
  }
}
