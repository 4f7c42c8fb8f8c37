import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const instance = busEvent({
  state: 'running',
  'instance-id': 'i-000000aaaaaa00000',
  count: 5,
  price: 301.8,
  enabled: true,
  disabled: false,
  nothing: null,
  empty: '',
  nullText: 'null',
  numberText: '300',
  zero: 0,
  negative: -12.5,
  huge: 1e21,
  text: 'A CamelCase string with an emoji 🚀 and trailing whitespace ',
  nested: { level: { deep: 'value' } },
});

// Parsed from JSON text, as events arrive: 300.0 and 3.0e2 are the number 300.
const scientific = JSON.parse('{"source":"test-source","detail":{"number":300.0,"limit":3.018e2}}') as unknown;
const dottedKeys = busEvent({ 'state.status': 'running', location: 'eu-central-1' });
const stringDetail = busEvent('{"my-key": "my-value"}');

describe('exact values', () => {
  conformance([
    match('an exact string value', AWS_DOCS.syntax, { detail: { state: ['running'] } }, instance),
    noMatch('a string that differs only in case', AWS_DOCS.syntax, { detail: { state: ['Running'] } }, instance),
    match(
      'a string character by character, emoji and trailing space included',
      AWS_VERIFIED('string.json5'),
      { detail: { text: ['A CamelCase string with an emoji 🚀 and trailing whitespace '] } },
      instance,
    ),
    noMatch(
      'a string without its trailing space (no normalization)',
      AWS_DOCS.syntax,
      { detail: { text: ['A CamelCase string with an emoji 🚀 and trailing whitespace'] } },
      instance,
    ),
    match('when any value of the list is the event value (OR)', AWS_DOCS.syntax, { detail: { state: ['stopped', 'running'] } }, instance),
    noMatch('when no value of the list is the event value', AWS_DOCS.syntax, { detail: { state: ['stopped', 'pending'] } }, instance),
    match('when every field matches (AND)', AWS_DOCS.syntax, { detail: { state: ['running'], 'instance-id': ['i-000000aaaaaa00000'] } }, instance),
    noMatch('when one of the fields differs', AWS_DOCS.syntax, { detail: { state: ['running'], 'instance-id': ['i-1'] } }, instance),
    match('top-level source and detail-type', AWS_VERIFIED('sample1.json5'), { source: ['test-source'], 'detail-type': ['test-detail-type'] }, instance),
    noMatch('another source', AWS_DOCS.syntax, { source: ['aws.ec2'] }, instance),
    match('the event id', AWS_VERIFIED('minimal.json5'), { id: ['6a7e8feb-b491-4cf7-a9f1-bf3703467718'] }, instance),
    noMatch('a field the event does not have', AWS_DOCS.syntax, { detail: { missing: ['x'] } }, instance),
    noMatch('a field name in another case', AWS_VERIFIED('key_case_sensitive_NEG.json5'), { detail: { STATE: ['running'] } }, instance),
    match('a nested field through the same nesting', AWS_DOCS.syntax, { detail: { nested: { level: { deep: ['value'] } } } }, instance),
    noMatch('a nested field with another value', AWS_DOCS.syntax, { detail: { nested: { level: { deep: ['other'] } } } }, instance),
    noMatch(
      'a value list on a field holding an object (leaves only)',
      AWS_DOCS.operator('eb-filtering-exists-matching'),
      { detail: { nested: ['value'] } },
      instance,
    ),
    noMatch('a nested pattern on a field holding a string', AWS_DOCS.syntax, { detail: { state: { value: ['running'] } } }, instance),
    match('a number', AWS_DOCS.contentFiltering('filtering-numeric-matching'), { detail: { count: [5] } }, instance),
    noMatch('another number', AWS_DOCS.syntax, { detail: { count: [6] } }, instance),
    match('a negative decimal', AWS_DOCS.syntax, { detail: { negative: [-12.5] } }, instance),
    match('zero', AWS_DOCS.syntax, { detail: { zero: [0] } }, instance),
    match('a very large number', EVENT_RULER.readme('Numeric matching'), { detail: { huge: [1e21] } }, instance),
    match(
      'a number written 300 against 300.0 in the event (compared as numbers)',
      AWS_VERIFIED('number_comparison_float.json5'),
      '{"detail": {"number": [300]}}',
      scientific,
    ),
    match(
      'a number written 3.0e2 against 300.0 in the event',
      EVENT_RULER.source('JsonRuleCompiler.writeRules (numbers get a numericEquals matcher)'),
      '{"detail": {"number": [3.0e2]}}',
      scientific,
    ),
    match('a decimal written 301.8 against 3.018e2 in the event', EVENT_RULER.readme('Numeric matching'), '{"detail": {"limit": [301.8]}}', scientific),
    noMatch('a number against the same digits as a string', AWS_VERIFIED('numeric-string_NEG.json5'), { detail: { numberText: [300] } }, instance),
    noMatch('a string against the same digits as a number', EVENT_RULER.readme('JSON text matching'), { detail: { count: ['5'] } }, instance),
    match('true', AWS_VERIFIED('boolean.json5'), { detail: { enabled: [true] } }, instance),
    match('false', AWS_VERIFIED('boolean.json5'), { detail: { disabled: [false] } }, instance),
    noMatch('false against true', AWS_VERIFIED('boolean_NEG.json5'), { detail: { enabled: [false] } }, instance),
    noMatch('the string "true" against the literal true', EVENT_RULER.readme('JSON text matching'), { detail: { enabled: ['true'] } }, instance),
    match('several value types in one list', AWS_DOCS.syntax, { detail: { count: ['five', 5, true, null] } }, instance),
    match(
      'a pattern key with dots against nested event fields',
      AWS_VERIFIED('dot_joining_pattern.json5'),
      { detail: { 'nested.level.deep': ['value'] } },
      instance,
    ),
    match(
      'nested pattern fields against an event key with dots',
      AWS_VERIFIED('dot_joining_event.json5'),
      { detail: { state: { status: ['running'] } } },
      dottedKeys,
    ),
    noMatch(
      'a dotted pattern key one level short of the event leaf',
      AWS_VERIFIED('dot_joining_pattern_NEG.json5'),
      { detail: { 'nested.level': { other: ['value'] } } },
      instance,
    ),
    noMatch(
      'fields inside a detail that is a JSON string (never parsed)',
      AWS_VERIFIED('nested_json_NEG.json5'),
      { detail: { 'my-key': ['my-value'] } },
      stringDetail,
    ),
    match(
      'with the last of two duplicate keys in the JSON text',
      AWS_VERIFIED('complex_multi_key_event_pattern.json'),
      '{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}',
      dottedKeys,
    ),
    match(
      'an "exactly" expression',
      EVENT_RULER.source('JsonRuleCompiler.processMatchExpression ("exactly")'),
      { detail: { state: [{ exactly: 'running' }] } },
      instance,
    ),
    noMatch(
      'an "exactly" expression with another value',
      EVENT_RULER.source('JsonRuleCompiler.processMatchExpression ("exactly")'),
      { detail: { state: [{ exactly: 'run' }] } },
      instance,
    ),
    match(
      'operator names used as plain field names outside $or',
      EVENT_RULER.readme('The "$or" Primitive'),
      { detail: { prefix: ['p'], numeric: ['n'] } },
      busEvent({ prefix: 'p', numeric: 'n' }),
    ),
  ]);
});
