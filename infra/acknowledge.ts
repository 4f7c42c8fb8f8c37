import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges (suppresses) one cdk-nag finding on one construct, with the reason it is acceptable.
 * Always call it on the narrowest construct the finding is about, never on a stack.
 */
export function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}
