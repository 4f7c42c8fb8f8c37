import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const IGNORE_CASE = AWS_DOCS.operator('eb-filtering-equals-ignore-case-matching');
const STRINGS_ONLY = EVENT_RULER.readme('Equals-ignore-case matching');

const event = busEvent(
  {
    name: 'Alice',
    school: 'école',
    street: 'HAUPTSTRASSE',
    kelvin: '\u212a',
    letters: '12Ⱥ34',
    empty: '',
    count: 5,
    enabled: true,
    nothing: null,
    tags: ['Red', 'GREEN'],
  },
  { top: { 'detail-type': 'EC2 Instance State-change Notification' } },
);
const rulerSample = (b: string) => busEvent({ a: 'ABC', b, c: 'xYz', d: 'rst' });
const rulerPattern = {
  detail: {
    a: [{ 'equals-ignore-case': 'aBc' }],
    b: [{ 'equals-ignore-case': 'Def' }],
    c: [{ 'equals-ignore-case': 'xyZ' }],
  },
};

describe('equals-ignore-case', () => {
  conformance([
    match('the value in another case', IGNORE_CASE, { detail: { name: [{ 'equals-ignore-case': 'alice' }] } }, event),
    match('the value in the same case', IGNORE_CASE, { detail: { name: [{ 'equals-ignore-case': 'Alice' }] } }, event),
    match(
      'a whole detail-type in lower case',
      AWS_VERIFIED('content_ignorecase.json5'),
      { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
      event,
    ),
    noMatch('other text', AWS_VERIFIED('content_ignorecase_NEG.json5'), { 'detail-type': [{ 'equals-ignore-case': 'I do not match' }] }, event),
    noMatch('a value that only starts with the text', IGNORE_CASE, { detail: { name: [{ 'equals-ignore-case': 'ali' }] } }, event),
    noMatch('a value shorter than the text', IGNORE_CASE, { detail: { name: [{ 'equals-ignore-case': 'alicent' }] } }, event),
    match('an empty string with empty text', AWS_VERIFIED('content_ignorecase_empty.json5'), { detail: { empty: [{ 'equals-ignore-case': '' }] } }, event),
    noMatch(
      'a non-empty string with empty text',
      AWS_VERIFIED('content_ignorecase_empty_NEG.json5'),
      { detail: { name: [{ 'equals-ignore-case': '' }] } },
      event,
    ),
    noMatch('a number', STRINGS_ONLY, { detail: { count: [{ 'equals-ignore-case': '5' }] } }, event),
    noMatch('true against "TRUE"', STRINGS_ONLY, { detail: { enabled: [{ 'equals-ignore-case': 'TRUE' }] } }, event),
    noMatch('null against "NULL"', STRINGS_ONLY, { detail: { nothing: [{ 'equals-ignore-case': 'NULL' }] } }, event),
    noMatch('a missing field', IGNORE_CASE, { detail: { missing: [{ 'equals-ignore-case': '' }] } }, event),
    match('listed with exact values', AWS_DOCS.syntax, { detail: { name: ['Bob', { 'equals-ignore-case': 'ALICE' }] } }, event),
    match('one element of an array', AWS_DOCS.arrays, { detail: { tags: [{ 'equals-ignore-case': 'green' }] } }, event),
    match(
      'accented letters in another case',
      EVENT_RULER.test('EqualsIgnoreCaseParserTest'),
      { detail: { school: [{ 'equals-ignore-case': 'ÉCOLE' }] } },
      event,
    ),
    match(
      '"ß" against "SS"',
      EVENT_RULER.source('input/EqualsIgnoreCaseParser (lower and upper case of each char)'),
      { detail: { street: [{ 'equals-ignore-case': 'hauptstraße' }] } },
      event,
    ),
    noMatch(
      'the Kelvin sign against the letter k (only the lower and upper case forms of "k" count)',
      EVENT_RULER.source('input/EqualsIgnoreCaseParser (lower and upper case of each char)'),
      { detail: { kelvin: [{ 'equals-ignore-case': 'k' }] } },
      event,
    ),
    match(
      'letters whose cases differ in UTF-8 length ("ⱥ" and "Ⱥ")',
      EVENT_RULER.test('ByteMachineTest (equalsIgnoreCaseMatch "12ⱥ34")'),
      { detail: { letters: [{ 'equals-ignore-case': '12ⱥ34' }] } },
      event,
    ),
    match('every field in another case', EVENT_RULER.test('RulerTest.WHEN_WeTryEqualsIgnoreCaseRules_THEN_TheyWork'), rulerPattern, rulerSample('def')),
    noMatch(
      'when one field has extra characters',
      EVENT_RULER.test('RulerTest.WHEN_WeTryEqualsIgnoreCaseRules_THEN_TheyWork'),
      rulerPattern,
      rulerSample('defx'),
    ),
    noMatch(
      'when values sit in swapped fields',
      EVENT_RULER.test('RulerTest.WHEN_WeTryEqualsIgnoreCaseRules_THEN_TheyWork'),
      rulerPattern,
      busEvent({ a: 'ABC', b: 'xYz', c: 'def' }),
    ),
  ]);
});
