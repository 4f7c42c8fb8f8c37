/**
 * A value valid against a JSON Schema (the subset `z.toJSONSchema` writes for the catalog's schemas: objects,
 * arrays, strings with length, pattern and format, numbers with bounds, enums, consts, anyOf), readable enough
 * to edit: strings are named after their property (`orderId` → `order-1`), numbers sit at the low end of their
 * range. With `random`, it varies what the schema leaves open (enum members, optional properties, array
 * lengths, numbers), so a property test can explore the schema; without, the same schema gives the same value.
 *
 * No well-kept generator fits: json-schema-faker and the zod mockers write random text (and the latter target
 * zod 3); this one is small because the catalog's schemas are.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
};

/** The schema asks for something this generator does not make; names where. */
export class UnsupportedSchemaError extends Error {
  override readonly name = 'UnsupportedSchemaError';
  constructor(path: string, what: string) {
    super(`cannot make a sample for ${path || 'the value'}: ${what}`);
  }
}

export interface SampleOptions {
  /** A source of numbers in [0, 1): varies the sample. @default none: the first choice everywhere */
  random?: () => number;
  /** Time for `date-time` strings. @default now */
  now?: Date;
}

export function sampleFromSchema(schema: JsonSchema, options: SampleOptions = {}): unknown {
  return sample(schema, '', '', { random: options.random, now: options.now ?? new Date() });
}

interface Context {
  random: (() => number) | undefined;
  now: Date;
}

/** An index below `count`: 0 without randomness. */
const pick = (count: number, context: Context) => (context.random ? Math.floor(context.random() * count) : 0);

function sample(schema: JsonSchema, path: string, name: string, context: Context): unknown {
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[pick(schema.enum.length, context)];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    // Prefer a value to null, so the sample shows the field's shape.
    const values = options.filter((option) => option.type !== 'null');
    const choices = values.length > 0 ? values : options;
    return sample(choices[pick(choices.length, context)] as JsonSchema, path, name, context);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectSample(schema, path, context);
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = schema.maxItems ?? min + 2;
      const length = Math.min(max, Math.max(min, 1) + pick(3, context));
      return Array.from({ length }, (_, index) => sample(schema.items ?? {}, `${path}[${index}]`, singular(name), context));
    }
    case 'string':
      return stringSample(schema, path, name, context);
    case 'integer':
    case 'number':
      return numberSample(schema, type === 'integer', path, context);
    case 'boolean':
      return context.random ? context.random() < 0.5 : true;
    case 'null':
      return null;
    case undefined:
      return {};
    default:
      throw new UnsupportedSchemaError(path, `type ${type}`);
  }
}

function objectSample(schema: JsonSchema, path: string, context: Context): Record<string, unknown> {
  const required = new Set(schema.required ?? []);
  const value: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    // Optional properties are shown (to edit or delete), or left out half the time when varying.
    if (!required.has(key) && context.random && context.random() < 0.5) continue;
    value[key] = sample(property, path ? `${path}.${key}` : key, key, context);
  }
  // A record over known keys (zod's partialRecord): one entry, so its shape shows.
  const keys = schema.propertyNames?.enum;
  if (keys && keys.length > 0 && typeof schema.additionalProperties === 'object') {
    const key = String(keys[pick(keys.length, context)]);
    value[key] = sample(schema.additionalProperties, `${path}.${key}`, key, context);
  }
  return value;
}

function stringSample(schema: JsonSchema, path: string, name: string, context: Context): string {
  const n = 1 + pick(9, context);
  const candidates = formatted(schema.format, context) ?? [`${stem(name)}-${n}`, `${stem(name)}${n}`, `sample-${n}`, 'sample', 'a', 'A', '1'];
  if (!schema.pattern && !schema.format) candidates.unshift(`Sample ${words(name) || 'text'}`);
  const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern);
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const fitted = candidate.length < min ? candidate.padEnd(min, candidate.at(-1) ?? 'a') : candidate.slice(0, max);
    if (fitted.length >= min && (!pattern || pattern.test(fitted))) return fitted;
  }
  throw new UnsupportedSchemaError(path, `no candidate string matches ${schema.pattern ?? `length ${min} to ${max}`}`);
}

function formatted(format: string | undefined, context: Context): string[] | undefined {
  switch (format) {
    case 'date-time':
      return [context.now.toISOString()];
    case 'date':
      return [context.now.toISOString().slice(0, 10)];
    case 'uuid':
      return [crypto.randomUUID()];
    case 'email':
      return ['someone@example.com'];
    case 'uri':
    case 'url':
      return ['https://example.com/'];
    default:
      return undefined;
  }
}

function numberSample(schema: JsonSchema, integer: boolean, path: string, context: Context): number {
  const step = integer ? 1 : 0.01;
  const lower = Math.max(
    schema.minimum ?? Number.NEGATIVE_INFINITY,
    schema.exclusiveMinimum === undefined ? Number.NEGATIVE_INFINITY : schema.exclusiveMinimum + step,
  );
  const upper = Math.min(
    schema.maximum ?? Number.POSITIVE_INFINITY,
    schema.exclusiveMaximum === undefined ? Number.POSITIVE_INFINITY : schema.exclusiveMaximum - step,
  );
  if (lower > upper) throw new UnsupportedSchemaError(path, `no number between ${lower} and ${upper}`);
  // Small, positive numbers read best: 1 when allowed, else the nearest bound.
  const base = Math.min(Math.max(1, lower), upper);
  const span = Math.min(upper - base, 1000);
  const value = context.random ? base + context.random() * span : base;
  const rounded = integer ? Math.floor(value) : Math.round(value * 100) / 100;
  return Math.min(Math.max(rounded, lower), upper);
}

/** `orderId` → `order`, `customerId` → `customer`, `sku` → `sku`. */
const stem = (name: string) => words(name).replace(/ id$/, '').replaceAll(' ', '-') || 'sample';

/** `paymentDeadline` → `payment deadline`. */
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .toLowerCase();

/** `items` → `item`, for the elements of an array. */
const singular = (name: string) => (name.endsWith('s') ? name.slice(0, -1) : name);
