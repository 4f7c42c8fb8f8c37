import { ValidationError } from '../errors.ts';

/**
 * One page of a listing and the token of the next: AWS's tokens are opaque, ours encode the offset.
 *
 * @throws ValidationError for a token this service did not issue.
 */
export function paginate<T>(items: readonly T[], limit: number | undefined, nextToken: string | undefined): { page: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    start = Number(
      Buffer.from(nextToken, 'base64url')
        .toString('utf8')
        .replace(/^offset:/, ''),
    );
    if (!Number.isInteger(start) || start < 0) throw new ValidationError('The NextToken provided is invalid.');
  }
  const end = limit === undefined ? items.length : start + limit;
  const page = items.slice(start, end);
  return end < items.length ? { page, nextToken: Buffer.from(`offset:${end}`).toString('base64url') } : { page };
}
