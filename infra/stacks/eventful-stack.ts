import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EventfulPlatform, type EventfulPlatformProps } from '../constructs/eventful-platform.ts';

export interface EventfulStackProps extends StackProps {
  /**
   * The platform's settings (bus name, archive and claim-check retention, alarm topic).
   * @default the platform's defaults
   */
  readonly platform?: EventfulPlatformProps;
}

/**
 * The whole eventful system, in one stack. Today: the platform every flow plugs into. Each flow
 * (orders, payments, activity, imports…) is added here as one construct that takes the platform:
 * `new OrdersFlow(this, 'Orders', { platform: this.platform })`.
 */
export class EventfulStack extends Stack {
  readonly platform: EventfulPlatform;

  constructor(scope: Construct, id: string, props: EventfulStackProps = {}) {
    super(scope, id, props);
    this.platform = new EventfulPlatform(this, 'Platform', props.platform);
  }
}
