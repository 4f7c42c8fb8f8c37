import type { IpRange } from './cidr.ts';
import type { NumericRange } from './numeric.ts';

/** A scalar an event can hold at a leaf: JSON string, number, boolean or null. */
export type LeafValue = string | number | boolean | null;

/**
 * One matcher of a field's value list, after validation. A field matches when any of its matchers does.
 * `exact` with a string that is an IP address literal becomes `ip`, as event-ruler compares IP literals by address.
 */
export type MatcherSpec =
  | { readonly kind: 'exact'; readonly value: LeafValue }
  | { readonly kind: 'ip'; readonly range: IpRange }
  | { readonly kind: 'prefix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly value: string }
  | { readonly kind: 'numeric'; readonly range: NumericRange }
  | { readonly kind: 'cidr'; readonly range: IpRange }
  | { readonly kind: 'exists'; readonly value: boolean }
  | AnythingButSpec;

/** `anything-but` in its forms: plain values (all strings or all numbers), or a set of prefixes, suffixes, ... */
export type AnythingButSpec =
  | { readonly kind: 'anything-but'; readonly form: 'strings'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but'; readonly form: 'numbers'; readonly values: readonly number[] }
  | {
      readonly kind: 'anything-but';
      readonly form: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';
      readonly values: readonly string[];
    };

/**
 * One alternative of a pattern once `$or` is expanded: every field (dotted path) must match.
 * A pattern without `$or` has one branch.
 */
export type Branch = ReadonlyMap<string, readonly MatcherSpec[]>;

/** A validated pattern: the event matches when any branch matches. */
export interface ParsedPattern {
  readonly branches: readonly Branch[];
}
