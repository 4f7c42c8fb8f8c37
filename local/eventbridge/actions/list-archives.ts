import type { ListArchivesRequest, ListArchivesResponse } from '@aws-sdk/client-eventbridge';
import { ValidationError } from '../errors.ts';
import { defineAction } from './define-action.ts';
import { ARCHIVE_NAME, ARCHIVE_STATE, ARN, LIMIT, NEXT_TOKEN } from './members.ts';
import { paginate } from './paginate.ts';
import { apiArchive } from './shapes.ts';

/** ListArchives: one filter at most (name prefix, source bus or state), as AWS allows. */
export const listArchives = defineAction<ListArchivesRequest, ListArchivesResponse>({
  members: { NamePrefix: ARCHIVE_NAME, EventSourceArn: ARN, State: ARCHIVE_STATE, NextToken: NEXT_TOKEN, Limit: LIMIT },
  run: (service, input) => {
    if ([input.NamePrefix, input.EventSourceArn, input.State].filter((filter) => filter !== undefined).length > 1) {
      throw new ValidationError('At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.');
    }
    const source = input.EventSourceArn === undefined ? undefined : service.requireBus(input.EventSourceArn);
    const archives = service
      .archives()
      .filter((archive) => archive.name.startsWith(input.NamePrefix ?? ''))
      .filter((archive) => !source || archive.sourceArn === source.arn)
      .filter((archive) => input.State === undefined || archive.state === input.State);
    const { page, nextToken } = paginate(archives, input.Limit, input.NextToken);
    const now = service.now();
    return {
      Archives: page.map((archive) => {
        const { ArchiveArn: _arn, Description: _description, EventPattern: _pattern, ...summary } = apiArchive(archive, now);
        return summary;
      }),
      NextToken: nextToken,
    };
  },
});
