import { createHash } from 'node:crypto';

/** How a service limits a physical name CloudFormation generates. */
export interface NameRule {
  maxLength: number;
  /** S3 bucket names are lowercase only. */
  lowercase?: boolean;
  /** Appended after the suffix and counted in the limit, e.g. `.fifo` for FIFO queues. */
  ending?: string;
}

const SUFFIX_LENGTH = 12;
const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The name CloudFormation gives a resource without an explicit one, `<StackName>-<LogicalId>-<SUFFIX>`, with the
 * stack and logical id shortened to fit the service's limit. CloudFormation's suffix is random; here it is a hash
 * of the stack and logical id so the same app gets the same names on every run.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
 */
export function generatedName(stackName: string, logicalId: string, rule: NameRule): string {
  const ending = rule.ending ?? '';
  const suffix = stableToken(`${stackName}/${logicalId}`, SUFFIX_LENGTH);
  const budget = Math.max(2, rule.maxLength - SUFFIX_LENGTH - 2 - ending.length);
  let stackPart = stackName;
  let logicalPart = logicalId;
  if (stackPart.length + logicalPart.length > budget) {
    logicalPart = logicalId.slice(0, Math.max(budget - stackName.length, Math.ceil(budget / 2)));
    stackPart = stackName.slice(0, budget - logicalPart.length);
  }
  const name = `${stackPart}-${logicalPart}-${suffix}${ending}`;
  return rule.lowercase === true ? name.toLowerCase() : name;
}

/** A short token derived from `seed`, in `alphabet`: stable across runs and machines. */
export function stableToken(seed: string, length: number, alphabet = UPPER_ALPHANUMERIC): string {
  const digest = createHash('sha256').update(seed).digest();
  let token = '';
  for (let index = 0; index < length; index += 1) token += alphabet[digest[index % digest.length]! % alphabet.length];
  return token;
}

/** A version-4-shaped UUID derived from `seed` (event source mapping UUIDs, stack ids). */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
