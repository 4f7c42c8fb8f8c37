import { arns } from './arns.ts';
import { InvalidTemplateValueError, IntrinsicFailure, type TemplateLocation } from './errors.ts';
import { evaluateCondition, own, resolveValue, type IntrinsicContext, type PseudoParameters } from './intrinsics.ts';
import { stableUuid } from './physical-names.ts';
import { RESOURCE_IDENTITIES, type Identity } from './resource-identities.ts';
import { CDK_PATH_METADATA, type Template, type TemplateResource } from './template.ts';

export const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

/** What every stack in the app shares: the local account, and the exports stacks publish to each other. */
export interface LoaderEnvironment {
  accountId: string;
  region: string;
  endpointUrl: string;
  /** Resolves an `Export.Name` published by any stack in the app. */
  importValue(exportName: string): unknown;
}

export interface StackScopeInit {
  stackName: string;
  template: Template;
  templateFile: string;
  assemblyDir: string;
  environment: LoaderEnvironment;
  /** Construct paths from the manifest, for templates synthesized without path metadata. */
  constructPaths?: Map<string, string>;
  /** For a nested stack: the values its parent passes in `Parameters`, resolved in the parent on first use. */
  parameterValue?: (name: string) => unknown;
  parent?: StackScope;
}

/**
 * One stack (top-level or nested) with everything needed to resolve its values: parameters, conditions,
 * mappings, and the identity of each resource. Lookups are lazy and cached, so only what the topology uses is
 * resolved, and an intrinsic in a resource the runtime ignores never stops the app from starting.
 */
export class StackScope implements IntrinsicContext {
  readonly stackName: string;
  readonly template: Template;
  readonly templateFile: string;
  readonly assemblyDir: string;
  readonly environment: LoaderEnvironment;
  readonly parent: StackScope | undefined;
  readonly pseudo: PseudoParameters;
  readonly nestedStacks = new Map<string, StackScope>();
  private readonly constructPaths: Map<string, string>;
  private readonly parameterValue: ((name: string) => unknown) | undefined;
  private readonly cache = new Map<string, unknown>();
  private readonly inProgress = new Set<string>();

  constructor(init: StackScopeInit) {
    this.stackName = init.stackName;
    this.template = init.template;
    this.templateFile = init.templateFile;
    this.assemblyDir = init.assemblyDir;
    this.environment = init.environment;
    this.parent = init.parent;
    this.constructPaths = init.constructPaths ?? new Map();
    this.parameterValue = init.parameterValue;
    const { region, accountId } = init.environment;
    this.pseudo = {
      region,
      accountId,
      stackName: init.stackName,
      stackId: arns.cloudFormationStack(init.environment, init.stackName, stableUuid(`stack/${init.stackName}`)),
    };
  }

  /** Resources that exist: those without a `Condition`, or whose condition holds. */
  resources(): [string, TemplateResource][] {
    return Object.entries(this.template.Resources ?? {}).filter(([, resource]) => resource.Condition === undefined || this.condition(resource.Condition));
  }

  resource(logicalId: string): TemplateResource | undefined {
    const resource = own(this.template.Resources, logicalId);
    return resource !== undefined && (resource.Condition === undefined || this.condition(resource.Condition)) ? resource : undefined;
  }

  /** The `aws:cdk:path` of a resource, for messages people can map back to their code. */
  constructPath(logicalId: string): string | undefined {
    const metadata = own(this.template.Resources, logicalId)?.Metadata?.[CDK_PATH_METADATA];
    return typeof metadata === 'string' ? metadata : this.constructPaths.get(logicalId);
  }

  location(logicalId: string, propertyPath = ''): TemplateLocation {
    return { stackName: this.stackName, logicalId, propertyPath };
  }

  /** A property of a resource with every intrinsic resolved; `undefined` when absent or `AWS::NoValue`. */
  property(logicalId: string, name: string): unknown {
    const raw = own(own(this.template.Resources, logicalId)?.Properties, name);
    return raw === undefined ? undefined : resolveValue(raw, this, this.location(logicalId, name));
  }

  /** Any value of this stack (e.g. an output), resolved at `location`. */
  resolve(value: unknown, location: TemplateLocation): unknown {
    return resolveValue(value, this, location);
  }

  /** Names, ARN, `Ref` and attributes of a resource; throws naming the resource when they cannot be worked out. */
  identity(logicalId: string): Identity {
    try {
      return this.identityOf(logicalId);
    } catch (error) {
      if (error instanceof IntrinsicFailure) throw new InvalidTemplateValueError(this.location(logicalId), error.message);
      throw error;
    }
  }

  output(name: string): unknown {
    const output = own(this.template.Outputs, name);
    if (output === undefined || (output.Condition !== undefined && !this.condition(output.Condition))) {
      throw new IntrinsicFailure(`stack ${this.stackName} has no output ${name}`);
    }
    return this.once(`output:${name}`, () => resolveValue(output.Value, this, this.location(`Outputs.${name}`, 'Value')));
  }

  ref(name: string): unknown {
    if (own(this.template.Parameters, name) !== undefined) return this.parameter(name);
    const resource = this.resource(name);
    if (resource === undefined) throw new IntrinsicFailure(this.missing(name, 'parameter or resource'));
    if (resource.Type === NESTED_STACK_TYPE) return this.nested(name).pseudo.stackId;
    return this.identityOf(name).ref;
  }

  getAtt(logicalId: string, attribute: string): unknown {
    const resource = this.resource(logicalId);
    if (resource === undefined) throw new IntrinsicFailure(this.missing(logicalId, 'resource'));
    if (resource.Type === NESTED_STACK_TYPE) {
      if (attribute.startsWith('Outputs.')) return this.nested(logicalId).output(attribute.slice('Outputs.'.length));
      if (attribute === 'StackId') return this.nested(logicalId).pseudo.stackId;
    }
    const { attributes } = this.identityOf(logicalId);
    if (!Object.hasOwn(attributes, attribute)) {
      const known = Object.keys(attributes);
      throw new IntrinsicFailure(
        `attribute ${attribute} of ${resource.Type} ${logicalId} is not known locally${known.length === 0 ? '' : ` (known: ${known.join(', ')})`}`,
      );
    }
    return attributes[attribute];
  }

  condition(name: string): boolean {
    const expression = own(this.template.Conditions, name);
    if (expression === undefined) throw new IntrinsicFailure(this.missing(name, 'condition'));
    return this.once(`condition:${name}`, () => evaluateCondition(expression, this, this.location(`Conditions.${name}`)));
  }

  findInMap(mapName: string, topKey: string, secondKey: string): unknown {
    const value = own(own(own(this.template.Mappings, mapName), topKey), secondKey);
    if (value === undefined) throw new IntrinsicFailure(`mapping ${mapName} has no entry ${topKey}.${secondKey}`);
    return value;
  }

  importValue(exportName: string): unknown {
    return this.environment.importValue(exportName);
  }

  private nested(logicalId: string): StackScope {
    const scope = this.nestedStacks.get(logicalId);
    if (scope === undefined) throw new IntrinsicFailure(`nested stack ${logicalId} was not loaded`);
    return scope;
  }

  private identityOf(logicalId: string): Identity {
    const resource = this.resource(logicalId);
    if (resource === undefined) throw new IntrinsicFailure(this.missing(logicalId, 'resource'));
    const rule = own(RESOURCE_IDENTITIES, resource.Type);
    if (rule === undefined) throw new IntrinsicFailure(`${resource.Type} resources have no local identity: the local runtime does not emulate them`);
    return this.once(`identity:${logicalId}`, () =>
      rule({
        ...this.environment,
        stackName: this.stackName,
        logicalId,
        property: (name) => this.property(logicalId, name),
      }),
    );
  }

  private parameter(name: string): unknown {
    return this.once(`parameter:${name}`, () => {
      const declaration = this.template.Parameters![name]!;
      const passed = this.parameterValue?.(name);
      if (passed === undefined && declaration.Type.startsWith('AWS::SSM::Parameter::Value')) {
        throw new IntrinsicFailure(`parameter ${name} reads SSM parameter ${String(declaration.Default)}, and SSM is not available locally`);
      }
      const value = passed ?? declaration.Default;
      if (value === undefined) throw new IntrinsicFailure(`parameter ${name} has no value and no default`);
      // List parameters arrive as comma-separated text; `Ref` returns the list.
      const isList = declaration.Type === 'CommaDelimitedList' || declaration.Type.startsWith('List<');
      return isList && typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
    });
  }

  /** Caches a lookup and turns a lookup that needs itself into an error instead of a stack overflow. */
  private once<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    if (this.inProgress.has(key)) throw new IntrinsicFailure(`circular reference through ${key} in stack ${this.stackName}`);
    this.inProgress.add(key);
    try {
      const value = compute();
      this.cache.set(key, value);
      return value;
    } finally {
      this.inProgress.delete(key);
    }
  }

  private missing(name: string, what: string): string {
    return `stack ${this.stackName} has no ${what} named ${name}`;
  }
}
