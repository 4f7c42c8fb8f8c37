import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';

/**
 * A Scheduler target invoking a function, allowed to invoke that function only.
 *
 * `LambdaInvoke` grants with `grantInvoke`, which also allows every version and alias
 * (`<function arn>:*`): a wildcard cdk-nag rightly flags (AwsSolutions-IAM5) and a schedule of the
 * unqualified function never uses. Everything else (input, retry policy, dead-letter queue, role) is
 * `LambdaInvoke`'s.
 */
export class InvokeFunction extends LambdaInvoke {
  readonly #fn: lambda.IFunction;

  constructor(fn: lambda.IFunction, props: ScheduleTargetBaseProps = {}) {
    super(fn, props);
    this.#fn = fn;
  }

  protected override addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.#fn.functionArn] }));
  }
}
