import type { DescribeArchiveRequest, DescribeArchiveResponse } from '@aws-sdk/client-eventbridge';
import { defineAction } from './define-action.ts';
import { ARCHIVE_NAME } from './members.ts';
import { apiArchive } from './shapes.ts';

/** DescribeArchive: `Archive <name> does not exist.` when it does not. */
export const describeArchive = defineAction<DescribeArchiveRequest, DescribeArchiveResponse>({
  members: { ArchiveName: { ...ARCHIVE_NAME, required: true } },
  run: (service, input) => apiArchive(service.requireArchive(input.ArchiveName!), service.now()),
});
