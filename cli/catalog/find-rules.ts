/** A rule of a synthesized template, reduced to what the catalog document shows. */
export interface TemplateRule {
  stackName: string;
  /** The rule's construct path (`aws:cdk:path`), else its logical id. */
  name: string;
  pattern: Record<string, unknown>;
  targets: { type: string; name: string }[];
}

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

interface Template {
  Resources?: Record<string, Resource>;
}

/** Lists the EventBridge rules of a CloudFormation template and names their targets. */
export function findRules(stackName: string, template: Template): TemplateRule[] {
  const resources = template.Resources ?? {};
  const nameOf = (logicalId: string) => displayName(resources[logicalId]?.Metadata, logicalId);

  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::Events::Rule' && resource.Properties?.['EventPattern'])
    .map(([logicalId, resource]) => {
      const targets = (resource.Properties?.['Targets'] as { Arn?: unknown }[] | undefined) ?? [];
      return {
        stackName,
        name: nameOf(logicalId),
        pattern: resource.Properties?.['EventPattern'] as Record<string, unknown>,
        targets: targets.map((target) => {
          const targetId = referencedLogicalId(target.Arn);
          const type = targetId ? (resources[targetId]?.Type ?? 'external') : 'external';
          return { type, name: targetId ? nameOf(targetId) : JSON.stringify(target.Arn) };
        }),
      };
    });
}

function displayName(metadata: Record<string, unknown> | undefined, logicalId: string): string {
  const path = metadata?.['aws:cdk:path'];
  // `Stack/Construct/Resource`: the trailing `Resource` says nothing to a reader.
  return typeof path === 'string' ? path.replace(/\/Resource$/, '') : logicalId;
}

/** The logical id an ARN property points at: `{ "Fn::GetAtt": [id, "Arn"] }` or `{ "Ref": id }`. */
function referencedLogicalId(arn: unknown): string | undefined {
  if (typeof arn !== 'object' || arn === null) return undefined;
  const getAtt = (arn as Record<string, unknown>)['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  const ref = (arn as Record<string, unknown>)['Ref'];
  return typeof ref === 'string' ? ref : undefined;
}
