import { IntrinsicFailure } from '../../../loader/errors.ts';
import { StackScope } from '../../../loader/stack-scope.ts';
import type { Template } from '../../../loader/template.ts';
import { ACCOUNT, ENDPOINT, REGION } from './topology.ts';

/** A stack scope over a hand-written template, with `exports` standing in for other stacks' outputs. */
export function scopeOf(template: Template, { stackName = 'Shop', exports = {} }: { stackName?: string; exports?: Record<string, unknown> } = {}): StackScope {
  return new StackScope({
    stackName,
    template,
    templateFile: `/virtual/${stackName}.template.json`,
    assemblyDir: '/virtual',
    environment: {
      accountId: ACCOUNT,
      region: REGION,
      endpointUrl: ENDPOINT,
      importValue: (name) => {
        if (!(name in exports)) throw new IntrinsicFailure(`no stack in the app exports ${name}`);
        return exports[name];
      },
    },
  });
}

/** Resolves `value` as if it were the `Value` property of a resource `Probe` in the scope's stack. */
export function resolveIn(scope: StackScope, value: unknown): unknown {
  return scope.resolve(value, scope.location('Probe', 'Value'));
}
