import type { TestEventPatternRequest, TestEventPatternResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';

/** TestEventPattern: `Parameter Event is not valid.` for a bad event, `InvalidEventPatternException` for a bad pattern. */
export const testEventPattern = defineAction<TestEventPatternRequest, TestEventPatternResponse>({
  members: {
    EventPattern: { type: 'string', required: true, max: 4096 },
    Event: { type: 'string', required: true },
  },
  run: (service, input) => ({ Result: service.testEventPattern(input.EventPattern!, input.Event!) }),
});
