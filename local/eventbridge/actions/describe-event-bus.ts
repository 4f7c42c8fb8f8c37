import type { DescribeEventBusRequest, DescribeEventBusResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { EVENT_BUS_NAME_OR_ARN } from './members.ts';

/** DescribeEventBus: the default bus when no name is given. No resource policy is emulated. */
export const describeEventBus = defineAction<DescribeEventBusRequest, DescribeEventBusResponse>({
  members: { Name: EVENT_BUS_NAME_OR_ARN },
  run: (service, input) => {
    const bus = service.requireBus(input.Name);
    return { Name: bus.name, Arn: bus.arn, CreationTime: new Date(bus.creationTime), LastModifiedTime: new Date(bus.creationTime) };
  },
});
