import type { SecretSpec } from '../../topology/types.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { at, optionalRecord, requiredString } from '../values.ts';

/** `AWS::SecretsManager::Secret`: identity, tags (the local value rules read them) and a value the template sets itself. */
export function buildSecret(resource: ResourceContext, draft: TopologyDraft): void {
  const description = resource.string('Description');
  const secretString = resource.string('SecretString');
  const spec: SecretSpec = {
    ...resource.resourceIdentity(),
    ...(description === undefined ? {} : { description }),
    tags: tagsOf(resource),
    ...(secretString === undefined ? {} : { secretString }),
    generated: resource.has('GenerateSecretString'),
  };
  draft.topology.secrets.push(spec);
}

function tagsOf(resource: ResourceContext): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [index, item] of (resource.list('Tags') ?? []).entries()) {
    const location = resource.locationOf('Tags', index);
    const tag = optionalRecord(item, location) ?? {};
    tags[requiredString(tag['Key'], at(location, 'Key'))] = requiredString(tag['Value'], at(location, 'Value'));
  }
  return tags;
}
