import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /**
   * The name shown in notifications.
   * @default 'eventful alarms'
   */
  readonly displayName?: string;
}

/**
 * Where alarms notify: an SNS topic, TLS-only, encrypted with a KMS key of its own.
 *
 * A key of its own because CloudWatch cannot publish to a topic encrypted with the AWS managed key
 * (alias/aws/sns): that key's policy cannot be changed to let the CloudWatch service principal use it.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 *
 * Subscribe people or tools to `topic` (e-mail, chat) after deployment.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the eventful alarm topic',
      enableKeyRotation: true,
      // The key protects notifications in flight only: nothing stays encrypted under it once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName ?? 'eventful alarms',
      enforceSSL: true,
      masterKey: this.key,
    });
  }
}
