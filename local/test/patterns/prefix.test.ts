import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const PREFIX = AWS_DOCS.operator('eb-filtering-prefix-matching');
const PREFIX_IGNORE_CASE = AWS_DOCS.operator('eb-filtering-prefix-matching-ignore-case');
const STRINGS_ONLY = EVENT_RULER.readme('Prefix matching');

const event = busEvent(
  {
    region: 'us-east-1',
    service: 'EventBridge',
    apple: 'äpfel-kuchen',
    literal: 'a.b(c)',
    empty: '',
    count: 2017,
    nothing: null,
    flag: true,
    nested: { value: 'us' },
  },
  { overrides: { resources: ['arn:aws:s3:::bucket', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1'] } },
);

describe('prefix', () => {
  conformance([
    match('a value starting with the prefix', PREFIX, { time: [{ prefix: '2017-10-02' }] }, event),
    noMatch('a value containing the prefix elsewhere', PREFIX, { time: [{ prefix: '10-02' }] }, event),
    noMatch('a value starting with the prefix in another case', PREFIX, { detail: { region: [{ prefix: 'US-' }] } }, event),
    match('a value equal to the prefix', PREFIX, { detail: { region: [{ prefix: 'us-east-1' }] } }, event),
    noMatch('a value shorter than the prefix', PREFIX, { detail: { region: [{ prefix: 'us-east-1a' }] } }, event),
    match('any string with an empty prefix', AWS_VERIFIED('content_prefix_empty.json5'), { source: [{ prefix: '' }] }, event),
    match('an empty string with an empty prefix', STRINGS_ONLY, { detail: { empty: [{ prefix: '' }] } }, event),
    noMatch('a number whose digits start with the prefix', STRINGS_ONLY, { detail: { count: [{ prefix: '20' }] } }, event),
    noMatch('null with an empty prefix', STRINGS_ONLY, { detail: { nothing: [{ prefix: '' }] } }, event),
    noMatch('true with the prefix "t"', STRINGS_ONLY, { detail: { flag: [{ prefix: 't' }] } }, event),
    noMatch('a missing field', PREFIX, { detail: { missing: [{ prefix: '' }] } }, event),
    noMatch('a field holding an object', PREFIX, { detail: { nested: [{ prefix: 'u' }] } }, event),
    match('one of several prefixes', PREFIX, { detail: { region: [{ prefix: 'eu-' }, { prefix: 'us-' }] } }, event),
    match('a prefix listed with exact values', AWS_DOCS.syntax, { detail: { region: ['eu-west-1', { prefix: 'us-' }] } }, event),
    match('regular-expression characters as plain text', PREFIX, { detail: { literal: [{ prefix: 'a.b(' }] } }, event),
    noMatch('a dot as "any character"', PREFIX, { detail: { literal: [{ prefix: 'a?b' }] } }, event),
    match('one element of an array', AWS_DOCS.arrays, { resources: [{ prefix: 'arn:aws:ec2:' }] }, event),
    noMatch('no element of an array', AWS_DOCS.arrays, { resources: [{ prefix: 'arn:aws:sqs:' }] }, event),
    match(
      'a prefix in another case with equals-ignore-case',
      PREFIX_IGNORE_CASE,
      { detail: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] } },
      event,
    ),
    match(
      'a prefix in upper case with equals-ignore-case',
      AWS_VERIFIED('content_prefix_ignorecase.json5'),
      { detail: { service: [{ prefix: { 'equals-ignore-case': 'EVENTB' } }] } },
      event,
    ),
    noMatch(
      'an ignore-case prefix found later in the value',
      PREFIX_IGNORE_CASE,
      { detail: { service: [{ prefix: { 'equals-ignore-case': 'bridge' } }] } },
      event,
    ),
    noMatch(
      'a number with an ignore-case prefix',
      EVENT_RULER.readme('Prefix equals-ignore-case matching'),
      { detail: { count: [{ prefix: { 'equals-ignore-case': '2' } }] } },
      event,
    ),
    match(
      'accented letters in another case with equals-ignore-case',
      EVENT_RULER.test('EqualsIgnoreCaseParserTest'),
      { detail: { apple: [{ prefix: { 'equals-ignore-case': 'ÄPFEL' } }] } },
      event,
    ),
    match(
      'any string with an empty ignore-case prefix',
      EVENT_RULER.source('JsonRuleCompiler.processPrefixEqualsIgnoreCaseExpression'),
      { detail: { region: [{ prefix: { 'equals-ignore-case': '' } }] } },
      event,
    ),
    match(
      'the README sample: state starting with "RuNn" in any case',
      EVENT_RULER.test('RulerTest.WHEN_RulesFromReadmeAreTried_THEN_TheyWork'),
      { detail: { state: [{ prefix: { 'equals-ignore-case': 'RuNn' } }] } },
      busEvent({ state: 'running' }),
    ),
  ]);
});
