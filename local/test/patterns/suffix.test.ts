import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const SUFFIX = AWS_DOCS.operator('eb-filtering-suffix-matching');
const SUFFIX_IGNORE_CASE = AWS_DOCS.operator('eb-filtering-suffix-matching-ignore-case');
const STRINGS_ONLY = EVENT_RULER.readme('Suffix matching');

const event = busEvent({
  FileName: 'image.png',
  upper: 'IMAGE.PNG',
  service: 'EventBridge',
  street: 'HAUPTSTRASSE',
  letters: '12Ⱥ',
  count: 2017,
  nothing: null,
  files: ['a.txt', 'b.png'],
});

describe('suffix', () => {
  conformance([
    match('a value ending with the suffix', AWS_VERIFIED('content_suffix.json5'), { detail: { FileName: [{ suffix: '.png' }] } }, event),
    noMatch('a value ending with the suffix in another case', AWS_VERIFIED('content_suffix_NEG.json5'), { detail: { FileName: [{ suffix: '.PNG' }] } }, event),
    noMatch('a value starting with the suffix', SUFFIX, { detail: { FileName: [{ suffix: 'image' }] } }, event),
    match('a value equal to the suffix', SUFFIX, { detail: { FileName: [{ suffix: 'image.png' }] } }, event),
    noMatch('a value shorter than the suffix', SUFFIX, { detail: { FileName: [{ suffix: 'my-image.png' }] } }, event),
    match('any string with an empty suffix', AWS_VERIFIED('content_suffix_empty.json5'), { source: [{ suffix: '' }] }, event),
    noMatch('a number whose digits end with the suffix', STRINGS_ONLY, { detail: { count: [{ suffix: '17' }] } }, event),
    noMatch('null with an empty suffix', STRINGS_ONLY, { detail: { nothing: [{ suffix: '' }] } }, event),
    noMatch('a missing field', SUFFIX, { detail: { missing: [{ suffix: '' }] } }, event),
    match('one of several suffixes', SUFFIX, { detail: { FileName: [{ suffix: '.jpg' }, { suffix: '.png' }] } }, event),
    match('one element of an array', AWS_DOCS.arrays, { detail: { files: [{ suffix: '.png' }] } }, event),
    noMatch('no element of an array', AWS_DOCS.arrays, { detail: { files: [{ suffix: '.gif' }] } }, event),
    match(
      'a suffix in another case with equals-ignore-case',
      AWS_VERIFIED('content_suffix_ignorecase.json5'),
      { detail: { upper: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      event,
    ),
    noMatch(
      'another extension with equals-ignore-case',
      AWS_VERIFIED('content_suffix_ignorecase_NEG.json5'),
      { detail: { upper: [{ suffix: { 'equals-ignore-case': '.jpg' } }] } },
      event,
    ),
    match('mixed case letters with equals-ignore-case', SUFFIX_IGNORE_CASE, { detail: { service: [{ suffix: { 'equals-ignore-case': 'tBrIdGe' } }] } }, event),
    noMatch(
      'a number with an ignore-case suffix',
      EVENT_RULER.readme('Suffix equals-ignore-case matching'),
      { detail: { count: [{ suffix: { 'equals-ignore-case': '7' } }] } },
      event,
    ),
    match(
      '"ß" against "SS" (each character matches its lower or upper case form)',
      EVENT_RULER.source('input/EqualsIgnoreCaseParser (lower and upper case of each char)'),
      { detail: { street: [{ suffix: { 'equals-ignore-case': 'straße' } }] } },
      event,
    ),
    match(
      'letters whose cases differ in UTF-8 length ("ⱥ" and "Ⱥ")',
      EVENT_RULER.test('SuffixEqualsIgnoreCaseParserTest'),
      { detail: { letters: [{ suffix: { 'equals-ignore-case': '2ⱥ' } }] } },
      event,
    ),
    match(
      'the README sample: "ning" at the end of "running"',
      EVENT_RULER.test('RulerTest.WHEN_RulesFromReadmeAreTried_THEN_TheyWork'),
      { detail: { state: [{ suffix: 'ning' }] } },
      busEvent({ state: 'running' }),
    ),
  ]);
});
