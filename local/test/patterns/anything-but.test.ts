import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const ANYTHING_BUT = AWS_DOCS.operator('eb-filtering-anything-but');
const BUT_PREFIX = AWS_DOCS.operator('eb-filtering-anything-but-prefix');
const BUT_SUFFIX = AWS_DOCS.operator('eb-filtering-anything-but-suffix');
const BUT_IGNORE_CASE = AWS_DOCS.operator('eb-filtering-anything-but-ignore-case');
const BUT_WILDCARD = AWS_DOCS.operator('eb-filtering-anything-but-wildcard');
// event-ruler only excludes a value of the same kind: strings exclude strings, numbers exclude numbers.
const SAME_KIND_ONLY = EVENT_RULER.source('ByteMachine.doTransitionOn (anything-but fails only on a same-type match)');

const withState = (state: unknown) => busEvent({ state });
const withLimit = (limit: unknown) => busEvent({ 'x-limit': limit });
const withFile = (FileName: unknown) => busEvent({ FileName });
const empty = busEvent({});
const objectState = busEvent({ state: { name: 'running' } });

const rulerPattern = {
  a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
  b: [{ 'anything-but': [111, 222, 333] }],
  c: [{ 'anything-but': 'zdd' }],
  d: [{ 'anything-but': 444 }],
  w: [{ 'anything-but': { prefix: 'zax' } }],
  n: [{ 'anything-but': { suffix: 'ing' } }],
  o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
  p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
};
const rulerEvent = (overrides: Record<string, unknown>) => ({
  a: 'child1',
  b: '444',
  c: 'child1',
  d: 123,
  w: 'xaz',
  n: 'nomatch',
  o: 'nomatch',
  p: 'nomatch',
  ...overrides,
});
const RULER_TEST = EVENT_RULER.test('RulerTest.WHEN_WeTryAnythingButRules_THEN_Theywork');

describe('anything-but', () => {
  conformance([
    // One string, a list of strings
    match(
      'another string',
      AWS_VERIFIED('content_anything_but_string.json5'),
      { detail: { state: [{ 'anything-but': 'initializing' }] } },
      withState('pending'),
    ),
    noMatch(
      'the excluded string',
      AWS_VERIFIED('content_anything_but_string_NEG.json5'),
      { detail: { state: [{ 'anything-but': 'initializing' }] } },
      withState('initializing'),
    ),
    match('the excluded string in another case', ANYTHING_BUT, { detail: { state: [{ 'anything-but': 'initializing' }] } }, withState('Initializing')),
    match(
      'a string outside the excluded list',
      AWS_VERIFIED('content_anything_but_string_list.json5'),
      { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      withState('pending'),
    ),
    noMatch(
      'a string of the excluded list',
      AWS_VERIFIED('content_anything_but_string_list_NEG.json5'),
      { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      withState('stopped'),
    ),
    match(
      'null (nothing excluded it)',
      AWS_VERIFIED('content_anything_but_string_null.json5'),
      { detail: { state: [{ 'anything-but': 'initializing' }] } },
      withState(null),
    ),
    match(
      'null against a list of strings',
      AWS_VERIFIED('content_anything_but_string_list_null.json5'),
      { detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } },
      withState(null),
    ),
    match('a number against an excluded string', SAME_KIND_ONLY, { detail: { state: [{ 'anything-but': '5' }] } }, withState(5)),
    match('true against the excluded string "true"', SAME_KIND_ONLY, { detail: { state: [{ 'anything-but': 'true' }] } }, withState(true)),
    noMatch(
      'a missing field',
      AWS_VERIFIED('content_anything_but_string_missing_NEG.json5'),
      { detail: { state: [{ 'anything-but': 'initializing' }] } },
      empty,
    ),
    noMatch(
      'a missing field against a list',
      AWS_VERIFIED('content_anything_but_string_list_missing_NEG.json5'),
      { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      empty,
    ),
    noMatch(
      'a field holding an object (no value to compare)',
      AWS_DOCS.operator('eb-filtering-exists-matching'),
      { detail: { state: [{ 'anything-but': 'x' }] } },
      objectState,
    ),
    noMatch('an empty string when "" is excluded', ANYTHING_BUT, { detail: { state: [{ 'anything-but': '' }] } }, withState('')),
    match('a non-empty string when "" is excluded', ANYTHING_BUT, { detail: { state: [{ 'anything-but': '' }] } }, withState('x')),
    // Numbers
    match('another number', AWS_VERIFIED('content_anything_but_number.json5'), { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, withLimit(789)),
    noMatch('the excluded number', AWS_VERIFIED('content_anything_but_number_NEG.json5'), { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, withLimit(123)),
    noMatch(
      'the excluded number written 1.23e2',
      EVENT_RULER.source('JsonRuleCompiler.processAnythingButMatchExpression (ComparableNumber)'),
      '{"detail": {"x-limit": [{"anything-but": 1.23e2}]}}',
      withLimit(123),
    ),
    match(
      'a number other than an excluded zero',
      AWS_VERIFIED('content_anything_but_number_zero.json5'),
      { detail: { 'x-limit': [{ 'anything-but': 0 }] } },
      withLimit(789),
    ),
    noMatch('zero when zero is excluded', ANYTHING_BUT, { detail: { 'x-limit': [{ 'anything-but': 0 }] } }, withLimit(0)),
    match(
      'a number outside the excluded list',
      AWS_VERIFIED('content_anything_but_number_list.json5'),
      { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
      withLimit(999),
    ),
    noMatch(
      'a number of the excluded list',
      AWS_VERIFIED('content_anything_but_number_list_NEG.json5'),
      { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
      withLimit(100),
    ),
    match('the string "300" against excluded numbers', RULER_TEST, { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, withLimit('300')),
    match('null against an excluded number', SAME_KIND_ONLY, { detail: { 'x-limit': [{ 'anything-but': 0 }] } }, withLimit(null)),
    // Arrays in the event
    match(
      'an array holding one value that is not excluded',
      AWS_DOCS.arrays,
      { detail: { 'x-limit': [{ 'anything-but': [100, 500] }] } },
      withLimit([100, 50]),
    ),
    noMatch('an array whose values are all excluded', AWS_DOCS.arrays, { detail: { 'x-limit': [{ 'anything-but': [100, 500] }] } }, withLimit([100, 500])),
    noMatch(
      'an empty array (no value at all)',
      EVENT_RULER.source('Event.loadArray (empty arrays yield no field)'),
      { detail: { 'x-limit': [{ 'anything-but': 100 }] } },
      withLimit([]),
    ),
    // prefix
    match(
      'a value without the excluded prefix',
      AWS_VERIFIED('content_anything_prefix.json5'),
      { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      withState('post-init'),
    ),
    noMatch(
      'a value with the excluded prefix',
      AWS_VERIFIED('content_anything_prefix_NEG.json5'),
      { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      withState('init-prefix'),
    ),
    match(
      'a value without any excluded prefix',
      AWS_VERIFIED('content_anything_prefix_list.json5'),
      { detail: { state: [{ 'anything-but': { prefix: ['init', 'test'] } }] } },
      withState('post-init'),
    ),
    noMatch(
      'a value with one of the excluded prefixes',
      AWS_VERIFIED('content_anything_prefix_list_NEG.json5'),
      { detail: { state: [{ 'anything-but': { prefix: ['init', 'post'] } }] } },
      withState('post-init'),
    ),
    match(
      'a number against an excluded prefix',
      AWS_VERIFIED('content_anything_prefix_int_value.json5'),
      { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      withState(12),
    ),
    match(
      'a number against excluded prefixes',
      AWS_VERIFIED('content_anything_prefix_list_int.json5'),
      { detail: { state: [{ 'anything-but': { prefix: ['init', 'test'] } }] } },
      withState(12),
    ),
    match(
      'null against an excluded prefix',
      AWS_VERIFIED('content_anything_prefix_null.json5'),
      { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      withState(null),
    ),
    match(
      'null against excluded prefixes',
      AWS_VERIFIED('content_anything_prefix_list_null.json5'),
      { detail: { state: [{ 'anything-but': { prefix: ['init', 'test'] } }] } },
      withState(null),
    ),
    noMatch(
      'a missing field against an excluded prefix',
      AWS_VERIFIED('content_anything_prefix_missing_NEG.json5'),
      { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      empty,
    ),
    noMatch(
      'a missing field against excluded prefixes',
      AWS_VERIFIED('content_anything_prefix_list_missing_NEG.json5'),
      { detail: { state: [{ 'anything-but': { prefix: ['init', 'post'] } }] } },
      empty,
    ),
    match('the excluded prefix in another case', BUT_PREFIX, { detail: { state: [{ 'anything-but': { prefix: 'INIT' } }] } }, withState('init-x')),
    // suffix
    match(
      'a value without the excluded suffix',
      AWS_VERIFIED('content_anything_suffix.json5'),
      { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
      withFile('file.txt.bak'),
    ),
    noMatch(
      'a value with the excluded suffix',
      AWS_VERIFIED('content_anything_suffix_NEG.json5'),
      { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
      withFile('file.txt'),
    ),
    match(
      'a value without any excluded suffix',
      AWS_VERIFIED('content_anything_suffix_list.json5'),
      { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] } },
      withFile('file.txt.bak'),
    ),
    noMatch(
      'a value with one of the excluded suffixes',
      AWS_VERIFIED('content_anything_suffix_list_NEG.json5'),
      { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] } },
      withFile('file.jpg'),
    ),
    match(
      'null against an excluded suffix',
      AWS_VERIFIED('content_anything_suffix_null.json5'),
      { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
      withFile(null),
    ),
    match(
      'null against excluded suffixes',
      AWS_VERIFIED('content_anything_suffix_list_null.json5'),
      { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] } },
      withFile(null),
    ),
    noMatch(
      'a missing field against an excluded suffix',
      AWS_VERIFIED('content_anything_suffix_missing_NEG.json5'),
      { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
      empty,
    ),
    noMatch(
      'a missing field against excluded suffixes',
      AWS_VERIFIED('content_anything_suffix_list_missing_NEG.json5'),
      { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] } },
      empty,
    ),
    match('the excluded suffix in another case', BUT_SUFFIX, { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } }, withFile('image.PNG')),
    // equals-ignore-case
    match(
      'a value other than the excluded one in any case',
      AWS_VERIFIED('content_anything_but_ignorecase.json5'),
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      withState('pending'),
    ),
    noMatch(
      'the excluded value in another case',
      AWS_VERIFIED('content_anything_but_ignorecase_NEG.json5'),
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      withState('INITIALIZING'),
    ),
    match(
      'a value outside the excluded list in any case',
      AWS_VERIFIED('content_anything_but_ignorecase_list.json5'),
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] } },
      withState('pending'),
    ),
    noMatch(
      'a value of the excluded list in another case',
      AWS_VERIFIED('content_anything_but_ignorecase_list_NEG.json5'),
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] } },
      withState('Stopped'),
    ),
    match(
      'null against an ignore-case exclusion',
      AWS_VERIFIED('content_anything_but_ignorecase_null.json5'),
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      withState(null),
    ),
    match(
      'null against an ignore-case exclusion list',
      AWS_VERIFIED('content_anything_but_ignorecase_list_null.json5'),
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] } },
      withState(null),
    ),
    noMatch(
      'a missing field against an ignore-case exclusion',
      AWS_VERIFIED('content_anything_but_ignorecase_missing_NEG.json5'),
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      empty,
    ),
    noMatch(
      'a missing field against an ignore-case exclusion list',
      AWS_VERIFIED('content_anything_but_ignorecase_list_missing_NEG.json5'),
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['a', 'b'] } }] } },
      empty,
    ),
    match(
      'a number against an ignore-case exclusion',
      BUT_IGNORE_CASE,
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': '5' } }] } },
      withState(5),
    ),
    // wildcard
    match(
      'a path outside the excluded wildcard',
      AWS_VERIFIED('content_anything_wildcard.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: '*/dir/*' } }] } },
      withFile('dir/init/file'),
    ),
    noMatch(
      'a path matching the excluded wildcard',
      AWS_VERIFIED('content_anything_wildcard_NEG.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: '*/init/*' } }] } },
      withFile('dir/init/file'),
    ),
    match(
      'a non-empty value when the empty wildcard is excluded',
      AWS_VERIFIED('content_anything_wildcard_empty.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: '' } }] } },
      withFile('dir/init/file'),
    ),
    match(
      'a number against an excluded wildcard',
      AWS_VERIFIED('content_anything_wildcard_int.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: '*/dir/*' } }] } },
      withFile(123),
    ),
    match(
      'a path outside every excluded wildcard',
      AWS_VERIFIED('content_anything_wildcard_list.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] } },
      withFile('dir/post/dir'),
    ),
    noMatch(
      'a path matching one excluded wildcard',
      AWS_VERIFIED('content_anything_wildcard_list_NEG.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] } },
      withFile('dir/init/dir'),
    ),
    match(
      'null against an excluded wildcard',
      AWS_VERIFIED('content_anything_wildcard_null.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: '*/dir/*' } }] } },
      withFile(null),
    ),
    match(
      'null against excluded wildcards',
      AWS_VERIFIED('content_anything_wildcard_list_null.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] } },
      withFile(null),
    ),
    noMatch(
      'a missing field against an excluded wildcard',
      AWS_VERIFIED('content_anything_wildcard_missing_NEG.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: '*/init/*' } }] } },
      empty,
    ),
    noMatch(
      'a missing field against excluded wildcards',
      AWS_VERIFIED('content_anything_wildcard_list_missing_NEG.json5'),
      { detail: { FileName: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] } },
      empty,
    ),
    noMatch(
      'a .jar under /bin/ (README sample)',
      BUT_WILDCARD,
      { detail: { FileName: [{ 'anything-but': { wildcard: '*/bin/*.jar' } }] } },
      withFile('/opt/app/bin/server.jar'),
    ),
    // Combined with other matchers
    match(
      'a string excluded by neither alternative (numeric or anything-but)',
      AWS_VERIFIED('or-numeric-anything-but.json5'),
      { detail: { N: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] } },
      busEvent({ N: '42' }),
    ),
    noMatch(
      'the string both alternatives reject',
      AWS_VERIFIED('or-numeric-anything-but_NEG.json5'),
      { detail: { N: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] } },
      busEvent({ N: '101' }),
    ),
    match('every field of the event-ruler sample', RULER_TEST, { detail: rulerPattern }, busEvent(rulerEvent({}))),
    noMatch('when one field has an excluded string', RULER_TEST, { detail: rulerPattern }, busEvent(rulerEvent({ a: 'dad1' }))),
    noMatch('when one field has an excluded number', RULER_TEST, { detail: rulerPattern }, busEvent(rulerEvent({ b: 111 }))),
    noMatch('when one field has the excluded prefix', RULER_TEST, { detail: rulerPattern }, busEvent(rulerEvent({ w: 'zaxonie' }))),
    noMatch('when one field has the excluded suffix', RULER_TEST, { detail: rulerPattern }, busEvent(rulerEvent({ n: 'matching' }))),
    noMatch('when one field has an excluded value in another case', RULER_TEST, { detail: rulerPattern }, busEvent(rulerEvent({ o: 'camelcase' }))),
    noMatch('when one field has a value of an excluded ignore-case list', RULER_TEST, { detail: rulerPattern }, busEvent(rulerEvent({ p: 'abc' }))),
  ]);
});
