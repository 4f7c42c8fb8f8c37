import { isPlainObject } from './intrinsics.ts';
import type { StackScope } from './stack-scope.ts';

/** Environment variables of CDK's provider framework naming the user's handlers. */
const PROVIDER_FRAMEWORK_HANDLERS = ['USER_ON_EVENT_FUNCTION_ARN', 'USER_IS_COMPLETE_FUNCTION_ARN'];

/**
 * Functions that only serve custom resources (CDK's bucket notifications handler, auto-delete-objects, log
 * retention, provider frameworks and their handlers). Custom resources do not run locally, so neither do these
 * functions, whatever their runtime; they stay out of the topology instead of being reported.
 */
export function customResourceProviders(scope: StackScope): Set<string> {
  const providers = new Set<string>();
  const resources = scope.template.Resources ?? {};
  for (const resource of Object.values(resources)) {
    if (!resource.Type.startsWith('Custom::') && resource.Type !== 'AWS::CloudFormation::CustomResource') continue;
    const provider = getAttTarget(resource.Properties?.['ServiceToken']);
    if (provider === undefined || resources[provider]?.Type !== 'AWS::Lambda::Function') continue;
    providers.add(provider);
    const variables = resources[provider]?.Properties?.['Environment'];
    const declared = isPlainObject(variables) && isPlainObject(variables['Variables']) ? variables['Variables'] : {};
    for (const name of PROVIDER_FRAMEWORK_HANDLERS) {
      const handler = getAttTarget(declared[name]);
      if (handler !== undefined) providers.add(handler);
    }
  }
  return providers;
}

/** The logical id in `{ "Fn::GetAtt": ["Id", "Arn"] }` or `{ "Fn::GetAtt": "Id.Arn" }`. */
function getAttTarget(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const argument = value['Fn::GetAtt'];
  if (Array.isArray(argument) && typeof argument[0] === 'string') return argument[0];
  if (typeof argument === 'string') return argument.split('.')[0];
  return undefined;
}
