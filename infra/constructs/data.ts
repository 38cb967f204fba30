import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableDesign } from '../../shared/store/table-design.ts';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

export interface DataProps {
  readonly stage: string;
  /** Production: the table and its key survive the stack and cannot be deleted by accident. */
  readonly retainData: boolean;
}

/**
 * The one table, shaped by `tableDesign` so AWS and DynamoDB Local cannot disagree on keys, and
 * the customer-managed key that encrypts it (and the queues and topic holding its events).
 */
export class Data extends Construct {
  readonly key: Key;
  readonly table: Table;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new Key(this, 'Key', {
      description: `Aftersales ${props.stage}: customer and case data`,
      alias: `alias/aftersales-${props.stage}`,
      enableKeyRotation: true,
      removalPolicy,
      // A deleted key makes the retained table unreadable; the longest wait leaves time to cancel.
      pendingWindow: Duration.days(props.retainData ? 30 : 7),
    });
    this.table = new Table(this, 'Table', {
      partitionKey: stringKey(tableDesign.partitionKey),
      sortKey: stringKey(tableDesign.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      // Idempotency records and one-time tokens expire through it (shared/store/table-design.ts).
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Case history is a legal record: in production neither `cdk destroy` nor a console click deletes it.
      deletionProtection: props.retainData,
      removalPolicy,
    });
    for (const index of tableDesign.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
