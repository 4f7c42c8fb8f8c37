import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const WILDCARD = AWS_DOCS.operator('eb-filtering-wildcard-matching');
const README = EVENT_RULER.readme('Wildcard matching');
const RULER_TEST = EVENT_RULER.test('RulerTest.WHEN_WeTryWildcardRules_THEN_TheyWork');

const event = busEvent({
  service: 'SimpleQueueService',
  deepPath: '/Users/ls_user/dir/dir/dir/dir/dir/doc.txt',
  otherDoc: '/Users/ls_user/dir/dir/dir/dir/dir/notmatchingdoc.txt',
  otherDir: '/Users/ls_user/dir/dir/dir/dir/otherdir/doc.txt',
  busArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus',
  price: 'price*',
  priceLabel: 'price-x',
  windowsPath: 'C:\\Windows',
  star: 'a*b',
  rocket: 'launch 🚀',
  abba: 'abba',
  aba: 'aba',
  empty: '',
  count: 2017,
  nothing: null,
  enabled: true,
  files: ['notes.txt', 'photo.PNG', 'logo.png'],
});
const rulerEvent = (fields: Record<string, string>) => busEvent(fields);
const rulerPattern = {
  detail: {
    a: [{ wildcard: '*bc' }],
    b: [{ wildcard: 'd*f' }],
    c: [{ wildcard: 'xy*' }],
    d: [{ wildcard: 'xy*' }],
  },
};

describe('wildcard', () => {
  conformance([
    match('the README sample Simple*Service', README, { detail: { service: [{ wildcard: 'Simple*Service' }] } }, event),
    match('any string with "*"', WILDCARD, { detail: { service: [{ wildcard: '*' }] } }, event),
    match('an empty string with "*" (zero characters)', RULER_TEST, { detail: { empty: [{ wildcard: '*' }] } }, event),
    noMatch('a value in another case', WILDCARD, { detail: { service: [{ wildcard: 'simple*' }] } }, event),
    match(
      'a path with several directories in the middle',
      AWS_VERIFIED('content_wildcard_nonrepeating.json5'),
      { detail: { deepPath: [{ wildcard: '/Users/*/doc.txt' }] } },
      event,
    ),
    noMatch(
      'a path whose file name only ends like the pattern',
      AWS_VERIFIED('content_wildcard_nonrepeating_NEG.json5'),
      { detail: { otherDoc: [{ wildcard: '/Users/*/doc.txt' }] } },
      event,
    ),
    match(
      'a repeated directory sequence after the wildcard',
      AWS_VERIFIED('content_wildcard_repeating.json5'),
      { detail: { deepPath: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] } },
      event,
    ),
    noMatch(
      'a repeated sequence interrupted by another directory',
      AWS_VERIFIED('content_wildcard_repeating_NEG.json5'),
      { detail: { otherDir: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] } },
      event,
    ),
    match(
      'an event bus ARN in any account',
      AWS_VERIFIED('content_wildcard_simplified.json5'),
      { detail: { busArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } },
      event,
    ),
    noMatch('a non-empty value with an empty wildcard', AWS_VERIFIED('content_wildcard_empty_NEG.json5'), { detail: { busArn: [{ wildcard: '' }] } }, event),
    match('an empty value with an empty wildcard', README, { detail: { empty: [{ wildcard: '' }] } }, event),
    match('a literal asterisk written \\*', README, { detail: { price: [{ wildcard: 'price\\*' }] } }, event),
    noMatch('other text where the pattern has a literal \\*', README, { detail: { priceLabel: [{ wildcard: 'price\\*' }] } }, event),
    match('a literal backslash written \\\\ followed by a wildcard', README, { detail: { windowsPath: [{ wildcard: 'C:\\\\*' }] } }, event),
    match('a value holding an asterisk with "*"', WILDCARD, { detail: { star: [{ wildcard: 'a*' }] } }, event),
    match('several wildcards in order', WILDCARD, { detail: { service: [{ wildcard: 'S*Q*S*' }] } }, event),
    noMatch('several wildcards when the parts come in another order', WILDCARD, { detail: { service: [{ wildcard: 'S*S*Q*' }] } }, event),
    match('parts that must not overlap when they fit', WILDCARD, { detail: { abba: [{ wildcard: 'ab*ba' }] } }, event),
    noMatch('parts that would have to overlap', WILDCARD, { detail: { aba: [{ wildcard: 'ab*ba' }] } }, event),
    match('an emoji after the wildcard', WILDCARD, { detail: { rocket: [{ wildcard: '*🚀' }] } }, event),
    noMatch('a dot as "any character"', WILDCARD, { detail: { service: [{ wildcard: 'Simple.ueue*' }] } }, event),
    noMatch('a number', README, { detail: { count: [{ wildcard: '*' }] } }, event),
    noMatch('null', README, { detail: { nothing: [{ wildcard: '*' }] } }, event),
    noMatch('true', README, { detail: { enabled: [{ wildcard: 't*' }] } }, event),
    noMatch('a missing field with "*"', WILDCARD, { detail: { missing: [{ wildcard: '*' }] } }, event),
    match('one element of an array', AWS_DOCS.arrays, { detail: { files: [{ wildcard: '*.png' }] } }, event),
    noMatch('no element of an array (case-sensitive)', AWS_DOCS.arrays, { detail: { files: [{ wildcard: '*.PDF' }] } }, event),
    match('listed with exact values', AWS_DOCS.syntax, { detail: { service: ['SQS', { wildcard: '*Queue*' }] } }, event),
    match('every field of the event-ruler sample', RULER_TEST, rulerPattern, rulerEvent({ a: 'abcbc', b: 'deeeef', c: 'xy', d: 'xyzzz' })),
    noMatch('when one value has a character after the last part', RULER_TEST, rulerPattern, rulerEvent({ a: 'abcbc', b: 'deeeefx', c: 'xy', d: 'xyzzz' })),
    noMatch('when one field is missing', RULER_TEST, rulerPattern, rulerEvent({ a: 'abcbc', b: 'deeeef', d: 'xyzzz' })),
    noMatch('when values sit in swapped fields', RULER_TEST, rulerPattern, rulerEvent({ a: 'abcbc', b: 'xy', c: 'deeeef', d: 'xyzzz' })),
  ]);
});
