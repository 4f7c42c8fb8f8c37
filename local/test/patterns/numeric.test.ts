import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const NUMERIC = AWS_DOCS.operator('eb-filtering-numeric-matching');
const README = EVENT_RULER.readme('Numeric matching');

const withValue = (value: unknown) => busEvent({ value });
const range = (...expression: unknown[]) => ({ detail: { value: [{ numeric: expression }] } });
const readmeEvent = (cCount: number) => busEvent({ 'c-count': cCount, 'd-count': 3, 'x-limit': 301.8 });
const readmePattern = {
  detail: {
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ numeric: ['=', 3.018e2] }],
  },
};
// Parsed from JSON text as events arrive, so the spelling 3.018e2 reaches the matcher as it would from PutEvents.
const scientific = JSON.parse('{"detail": {"c-count": 3, "d-count": 9, "x-limit": 3.018e2}}') as unknown;

describe('numeric', () => {
  conformance([
    match('the README sample (range, upper bound, equality)', README, readmePattern, readmeEvent(5)),
    noMatch('the README sample when one value leaves its range', AWS_VERIFIED('content_numeric_and_NEG.json5'), readmePattern, readmeEvent(42)),
    match('an event written in scientific notation', AWS_VERIFIED('content_numeric_and.json5'), readmePattern, scientific),
    noMatch('"> 5" with 5', NUMERIC, range('>', 5), withValue(5)),
    match('"> 5" with 5.000001', NUMERIC, range('>', 5), withValue(5.000001)),
    match('">= 5" with 5', NUMERIC, range('>=', 5), withValue(5)),
    noMatch('">= 5" with 4.999999', NUMERIC, range('>=', 5), withValue(4.999999)),
    noMatch('"< 10" with 10', NUMERIC, range('<', 10), withValue(10)),
    match('"< 10" with 9.99', NUMERIC, range('<', 10), withValue(9.99)),
    match('"<= 10" with 10', NUMERIC, range('<=', 10), withValue(10)),
    noMatch('"<= 10" with 10.01', NUMERIC, range('<=', 10), withValue(10.01)),
    match('"= 10" with 10', NUMERIC, range('=', 10), withValue(10)),
    noMatch('"= 10" with 10.5', NUMERIC, range('=', 10), withValue(10.5)),
    noMatch('"> 0, <= 5" with 0 (open lower bound)', NUMERIC, range('>', 0, '<=', 5), withValue(0)),
    match('"> 0, <= 5" with 5 (closed upper bound)', NUMERIC, range('>', 0, '<=', 5), withValue(5)),
    noMatch('"> 0, <= 5" with 5.1', NUMERIC, range('>', 0, '<=', 5), withValue(5.1)),
    match('">= 0, < 1" with 0 (closed lower bound)', NUMERIC, range('>=', 0, '<', 1), withValue(0)),
    noMatch('">= 0, < 1" with 1 (open upper bound)', NUMERIC, range('>=', 0, '<', 1), withValue(1)),
    match('">= 0, < 1" with 0.5', NUMERIC, range('>=', 0, '<', 1), withValue(0.5)),
    match('"< 0" with a negative number', NUMERIC, range('<', 0), withValue(-1)),
    noMatch('"< 0" with zero', NUMERIC, range('<', 0), withValue(0)),
    match('a float against an integer bound', AWS_VERIFIED('numeric-int-float.json5'), range('>', 100), withValue(101.0)),
    noMatch('a numeric string', AWS_VERIFIED('numeric-string_NEG.json5'), range('>', 100), withValue('300')),
    noMatch('null', AWS_VERIFIED('numeric-null_NEG.json5'), range('>', 100), withValue(null)),
    noMatch('true', README, range('>', 0), withValue(true)),
    noMatch('a missing field', NUMERIC, range('>', 0), busEvent({})),
    noMatch('a field holding an object', NUMERIC, range('>', 0), withValue({ amount: 5 })),
    match('values beyond ±5e9 (full double range)', README, range('>', 1e10), withValue(1e11)),
    match('the largest double', README, range('<=', 1.7976931348623157e308), withValue(1.7976931348623157e308)),
    match('a negative bound beyond -5e9', README, range('>', -1e12, '<', -1e11), withValue(-5e11)),
    match('six decimal places', NUMERIC, range('=', 0.000001), withValue(0.000001)),
    match('more than six decimal places (double precision)', README, range('>', 0.1234567), withValue(0.1234568)),
    noMatch('a double that is not exactly the bound', README, range('=', 0.3), withValue(0.30000000000000004)),
    match('one element of an array in range', AWS_DOCS.arrays, range('>', 100), withValue([1, 50, 200])),
    noMatch('an array with no element in range', AWS_DOCS.arrays, range('>', 100), withValue([1, 50])),
    match('either of two ranges', AWS_DOCS.syntax, { detail: { value: [{ numeric: ['<', 0] }, { numeric: ['>', 100] }] } }, withValue(150)),
    noMatch('neither of two ranges', AWS_DOCS.syntax, { detail: { value: [{ numeric: ['<', 0] }, { numeric: ['>', 100] }] } }, withValue(50)),
    match('an exact number listed with a range', AWS_DOCS.syntax, { detail: { value: [0, { numeric: ['>', 10] }] } }, withValue(0)),
    match(
      'Image fields of the RFC sample: sizes, thumbnail range, decimal bounds',
      EVENT_RULER.test('RulerTest.WHEN_WeWriteRulesToMatchVariousFieldCombos_THEN_TheyWork'),
      {
        detail: {
          Width: [{ numeric: ['<', 1000] }],
          Height: [{ numeric: ['<=', 600] }],
          Thumbnail: { Height: [{ numeric: ['>', 124, '<', 126] }], Width: [{ numeric: ['>=', 99.999, '<=', 100] }] },
        },
      },
      busEvent({ Width: 800, Height: 600, Thumbnail: { Height: 125, Width: 100 } }),
    ),
    noMatch(
      'a thumbnail width just under a lower bound of 100.00001',
      EVENT_RULER.test('RulerTest.WHEN_WeWriteRulesToMatchVariousFieldCombos_THEN_TheyWork'),
      { detail: { Thumbnail: { Width: [{ numeric: ['>=', 100.00001, '<=', 1001] }] } } },
      busEvent({ Thumbnail: { Width: 100 } }),
    ),
  ]);
});
