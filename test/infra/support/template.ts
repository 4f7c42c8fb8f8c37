import type { Template } from 'aws-cdk-lib/assertions';

export interface Resource {
  Type: string;
  // `any`: CloudFormation properties are free-form JSON, read by tests that assert their shape.
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON, read by tests that assert their shape
  Properties: Record<string, any>;
}

/** Every resource of `type`, by logical id. */
export function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

/** The logical id an ARN or name property points at: `{ "Fn::GetAtt": [id, …] }` or `{ "Ref": id }`. */
export function referencedId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const getAtt = (value as Record<string, unknown>)['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  const ref = (value as Record<string, unknown>)['Ref'];
  return typeof ref === 'string' ? ref : undefined;
}
