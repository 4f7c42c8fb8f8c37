import { InvalidTemplateValueError, type TemplateLocation } from './errors.ts';
import { isPlainObject } from './intrinsics.ts';

/**
 * Readers for resolved template values. CloudFormation accepts numbers and booleans written as strings
 * (`"30"`, `"true"`), so these do too; anything else fails naming where the value sits.
 */
export function optionalString(value: unknown, location: TemplateLocation): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(location, 'a string', value);
}

export function requiredString(value: unknown, location: TemplateLocation): string {
  const text = optionalString(value, location);
  if (text === undefined) throw new InvalidTemplateValueError(location, 'required, but missing');
  return text;
}

export function optionalNumber(value: unknown, location: TemplateLocation): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number)) return number;
  throw invalid(location, 'a number', value);
}

export function optionalBoolean(value: unknown, location: TemplateLocation): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalid(location, 'a boolean', value);
}

export function optionalRecord(value: unknown, location: TemplateLocation): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (isPlainObject(value)) return value;
  throw invalid(location, 'an object', value);
}

export function optionalList(value: unknown, location: TemplateLocation): unknown[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  throw invalid(location, 'a list', value);
}

/** Properties typed `Json` in CloudFormation (event patterns, redrive policies) may be an object or its JSON text. */
export function jsonObject(value: unknown, location: TemplateLocation): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new InvalidTemplateValueError(location, `not valid JSON: ${(error as Error).message}`);
    }
  }
  if (isPlainObject(parsed)) return parsed;
  throw invalid(location, 'a JSON object', value);
}

/** Extends a location with a nested property (`Targets[0].Arn`). */
export function at(location: TemplateLocation, key: string | number): TemplateLocation {
  const segment = typeof key === 'number' ? `[${key}]` : location.propertyPath === '' ? key : `.${key}`;
  return { ...location, propertyPath: `${location.propertyPath}${segment}` };
}

function invalid(location: TemplateLocation, expected: string, value: unknown): InvalidTemplateValueError {
  const text = JSON.stringify(value) ?? String(value);
  return new InvalidTemplateValueError(location, `expected ${expected}, got ${text.length > 120 ? `${text.slice(0, 117)}...` : text}`);
}
