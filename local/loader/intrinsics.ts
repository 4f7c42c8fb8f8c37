import { IntrinsicFailure, UnresolvableIntrinsicError, type TemplateLocation } from './errors.ts';

/** What `{ "Ref": "AWS::NoValue" }` resolves to: the property (or list element) is removed, as CloudFormation does. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html */
export interface PseudoParameters {
  region: string;
  accountId: string;
  stackName: string;
  stackId: string;
}

/** What the template around a value provides. Lookups throw `IntrinsicFailure` with the reason; the resolver adds where. */
export interface IntrinsicContext {
  readonly pseudo: PseudoParameters;
  /** A template parameter or a resource's `Ref` value. */
  ref(name: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
  condition(name: string): boolean;
  findInMap(mapName: string, topKey: string, secondKey: string): unknown;
  importValue(exportName: string): unknown;
}

/**
 * Resolves every intrinsic function in `value` to a plain JSON value. `location` names where `value` sits, so an
 * error says which stack, resource, property and intrinsic could not be resolved.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
export function resolveValue(value: unknown, context: IntrinsicContext, location: TemplateLocation): unknown {
  const resolved = resolve(value, context, location);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** An intrinsic's argument, resolved at the location of the intrinsic itself. */
function argumentValue(value: unknown, context: IntrinsicContext, location: TemplateLocation): unknown {
  const resolved = resolve(value, context, location, false);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** Evaluates a condition expression (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`). */
export function evaluateCondition(expression: unknown, context: IntrinsicContext, location: TemplateLocation): boolean {
  if (typeof expression === 'boolean') return expression;
  if (expression === 'true' || expression === 'false') return expression === 'true';
  const name = isPlainObject(expression) ? singleKey(expression) : undefined;
  if (name === undefined || !(Object.hasOwn(CONDITION_FUNCTIONS, name) || name === 'Condition')) {
    throw new UnresolvableIntrinsicError(location, describe(expression), 'not a condition (expected Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition)');
  }
  const argument = (expression as Record<string, unknown>)[name];
  return attempt(expression, location, () => {
    if (name === 'Condition') return context.condition(expectString(argument, 'the condition name'));
    return CONDITION_FUNCTIONS[name]!(argument, context, location);
  });
}

type IntrinsicHandler = (argument: unknown, context: IntrinsicContext, location: TemplateLocation) => unknown;

const CONDITION_FUNCTIONS: Record<string, (argument: unknown, context: IntrinsicContext, location: TemplateLocation) => boolean> = {
  'Fn::Equals': (argument, context, location) => {
    const [left, right] = expectArray(argument, 'Fn::Equals', 2).map((item) => argumentValue(item, context, location));
    return JSON.stringify(scalarText(left)) === JSON.stringify(scalarText(right));
  },
  'Fn::Not': (argument, context, location) => !evaluateCondition(expectArray(argument, 'Fn::Not', 1)[0], context, location),
  'Fn::And': (argument, context, location) => expectArray(argument, 'Fn::And').every((item) => evaluateCondition(item, context, location)),
  'Fn::Or': (argument, context, location) => expectArray(argument, 'Fn::Or').some((item) => evaluateCondition(item, context, location)),
};

const PSEUDO_PARAMETERS: Record<string, (pseudo: PseudoParameters) => unknown> = {
  'AWS::Region': (pseudo) => pseudo.region,
  'AWS::AccountId': (pseudo) => pseudo.accountId,
  'AWS::StackName': (pseudo) => pseudo.stackName,
  'AWS::StackId': (pseudo) => pseudo.stackId,
  // Locally there is one partition; the loader writes every ARN with `aws`.
  'AWS::Partition': () => 'aws',
  'AWS::URLSuffix': () => 'amazonaws.com',
  'AWS::NotificationARNs': () => [],
  'AWS::NoValue': () => NO_VALUE,
};

const INTRINSICS: Record<string, IntrinsicHandler> = {
  Ref: (argument, context) => {
    const name = expectString(argument, 'Ref');
    const pseudo = own(PSEUDO_PARAMETERS, name);
    return pseudo === undefined ? context.ref(name) : pseudo(context.pseudo);
  },
  'Fn::GetAtt': (argument, context, location) => {
    const [logicalId, attribute] = getAttArguments(argument, context, location);
    return context.getAtt(logicalId, attribute);
  },
  'Fn::Join': (argument, context, location) => {
    const [delimiter, list] = expectArray(argument, 'Fn::Join', 2);
    const items = resolveList(list, context, location, 'Fn::Join');
    return items.map((item) => scalarText(item, 'Fn::Join')).join(expectString(argumentValue(delimiter, context, location), 'the Fn::Join delimiter'));
  },
  'Fn::Sub': (argument, context, location) => substitute(argument, context, location),
  'Fn::Select': (argument, context, location) => {
    const [index, list] = expectArray(argument, 'Fn::Select', 2);
    const position = Number(argumentValue(index, context, location));
    const items = resolveList(list, context, location, 'Fn::Select');
    if (!Number.isInteger(position) || position < 0 || position >= items.length) {
      throw new IntrinsicFailure(`index ${String(position)} is out of range for a list of ${items.length}`);
    }
    return items[position];
  },
  'Fn::Split': (argument, context, location) => {
    const [delimiter, source] = expectArray(argument, 'Fn::Split', 2).map((item) => argumentValue(item, context, location));
    return expectString(source, 'the Fn::Split source').split(expectString(delimiter, 'the Fn::Split delimiter'));
  },
  'Fn::If': (argument, context, location) => {
    const [condition, whenTrue, whenFalse] = expectArray(argument, 'Fn::If', 3);
    return resolve(context.condition(expectString(condition, 'the Fn::If condition name')) ? whenTrue : whenFalse, context, location);
  },
  'Fn::FindInMap': (argument, context, location) => {
    const [mapName, topKey, secondKey, options] = expectArray(argument, 'Fn::FindInMap', 3, 4);
    const keys = [mapName, topKey, secondKey].map((key) => scalarText(argumentValue(key, context, location), 'Fn::FindInMap'));
    try {
      return context.findInMap(keys[0]!, keys[1]!, keys[2]!);
    } catch (error) {
      // `DefaultValue` comes with the AWS::LanguageExtensions transform.
      if (error instanceof IntrinsicFailure && isPlainObject(options) && Object.hasOwn(options, 'DefaultValue'))
        return resolve(options['DefaultValue'], context, location);
      throw error;
    }
  },
  'Fn::ImportValue': (argument, context, location) => context.importValue(expectString(argumentValue(argument, context, location), 'the Fn::ImportValue name')),
  'Fn::GetAZs': (argument, context, location) => {
    const region = argumentValue(argument, context, location);
    const name = region === '' || region === undefined ? context.pseudo.region : expectString(region, 'the Fn::GetAZs region');
    // Locally every region has three zones, named as AWS names them.
    return ['a', 'b', 'c'].map((zone) => `${name}${zone}`);
  },
  'Fn::Base64': (argument, context, location) =>
    Buffer.from(expectString(argumentValue(argument, context, location), 'the Fn::Base64 value'), 'utf8').toString('base64'),
  'Fn::Length': (argument, context, location) => resolveList(argument, context, location, 'Fn::Length').length,
  'Fn::ToJsonString': (argument, context, location) => JSON.stringify(argumentValue(argument, context, location)),
  ...Object.fromEntries(Object.entries(CONDITION_FUNCTIONS).map(([name, evaluate]) => [name, evaluate])),
};

/** Intrinsics CloudFormation has that make no sense offline or that the loader does not implement. */
const NOT_IMPLEMENTED: Record<string, string> = {
  'Fn::Cidr': 'Fn::Cidr (VPC address ranges) is not implemented by the local loader',
  'Fn::Transform': 'macros (Fn::Transform) do not run locally',
  'Fn::GetStackOutput': 'cross-account stack outputs are not available locally',
};

/**
 * `track` extends the property path as the walk descends into objects and lists; it is off inside an
 * intrinsic's arguments, whose positions are not property paths.
 */
function resolve(value: unknown, context: IntrinsicContext, location: TemplateLocation, track = true): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => resolve(item, context, track ? child(location, `[${index}]`) : location, track)).filter((item) => item !== NO_VALUE);
  }
  if (!isPlainObject(value)) return value;
  const name = intrinsicName(value);
  if (name !== undefined) return applyIntrinsic(name, value, context, location);
  const resolved: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const result = resolve(item, context, track ? child(location, key) : location, track);
    if (result !== NO_VALUE) resolved[key] = result;
  }
  return resolved;
}

function applyIntrinsic(name: string, expression: Record<string, unknown>, context: IntrinsicContext, location: TemplateLocation): unknown {
  const handler = own(INTRINSICS, name);
  if (handler === undefined) {
    throw new UnresolvableIntrinsicError(
      location,
      describe(expression),
      own(NOT_IMPLEMENTED, name) ?? `${name} is not an intrinsic function the local loader knows`,
    );
  }
  return attempt(expression, location, () => handler(expression[name], context, location));
}

function attempt<T>(expression: unknown, location: TemplateLocation, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof IntrinsicFailure) throw new UnresolvableIntrinsicError(location, describe(expression), error.message);
    throw error;
  }
}

function getAttArguments(argument: unknown, context: IntrinsicContext, location: TemplateLocation): [string, string] {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    if (dot <= 0) throw new IntrinsicFailure('expected "LogicalId.Attribute"');
    return [argument.slice(0, dot), argument.slice(dot + 1)];
  }
  const [logicalId, attribute] = expectArray(argument, 'Fn::GetAtt', 2);
  // The attribute name may itself be a `Ref` to a parameter.
  return [expectString(logicalId, 'the Fn::GetAtt logical id'), expectString(argumentValue(attribute, context, location), 'the Fn::GetAtt attribute')];
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

function substitute(argument: unknown, context: IntrinsicContext, location: TemplateLocation): string {
  const [template, variables] = typeof argument === 'string' ? [argument, {}] : expectArray(argument, 'Fn::Sub', 1, 2);
  const text = expectString(template, 'the Fn::Sub template');
  const values = isPlainObject(variables) ? variables : {};
  return text.replace(SUB_VARIABLE, (_match, name: string) => {
    // `${!Literal}` writes `${Literal}`.
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (Object.hasOwn(values, name)) return scalarText(argumentValue(values[name], context, location), 'Fn::Sub');
    const pseudo = own(PSEUDO_PARAMETERS, name);
    if (pseudo !== undefined) return scalarText(pseudo(context.pseudo), 'Fn::Sub');
    const dot = name.indexOf('.');
    const value = dot > 0 ? context.getAtt(name.slice(0, dot), name.slice(dot + 1)) : context.ref(name);
    return scalarText(value, 'Fn::Sub');
  });
}

function resolveList(value: unknown, context: IntrinsicContext, location: TemplateLocation, intrinsic: string): unknown[] {
  const list = argumentValue(value, context, location);
  if (!Array.isArray(list)) throw new IntrinsicFailure(`${intrinsic} expects a list, got ${describe(list)}`);
  return list;
}

function intrinsicName(value: Record<string, unknown>): string | undefined {
  const key = singleKey(value);
  return key !== undefined && (key === 'Ref' || key.startsWith('Fn::')) ? key : undefined;
}

function singleKey(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  return keys.length === 1 ? keys[0] : undefined;
}

function expectArray(value: unknown, what: string, min = 0, max = min === 0 ? Infinity : min): unknown[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    const size = max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
    throw new IntrinsicFailure(`${what} expects a list of ${size} arguments`);
  }
  return value;
}

function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new IntrinsicFailure(`${what} must be a string, got ${describe(value)}`);
  return value;
}

/** CloudFormation joins and substitutes strings; numbers and booleans in templates stand for their text. */
function scalarText(value: unknown, intrinsic = 'this intrinsic'): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new IntrinsicFailure(`${intrinsic} needs a string, got ${describe(value)}`);
}

function child(location: TemplateLocation, key: string): TemplateLocation {
  const separator = location.propertyPath === '' || key.startsWith('[') ? '' : '.';
  return { ...location, propertyPath: `${location.propertyPath}${separator}${key}` };
}

/**
 * `record[key]` only when `record` itself has `key`: template names (`Ref: constructor`, `Fn::GetAtt: [toString, …]`)
 * are the template author's text and must never reach an object's inherited members.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
