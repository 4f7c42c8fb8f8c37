import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const launch = busEvent(
  { eventVersion: '', responseElements: null, nullText: 'null', list: [null, 'x'], emptyList: [], emptyObject: {} },
  { top: { 'detail-type': 'EC2 Instance Launch Successful', source: 'aws.autoscaling' } },
);

describe('null values and empty strings', () => {
  conformance([
    match('null against a null value', AWS_DOCS.nullValues, { detail: { responseElements: [null] } }, launch),
    match('an empty string against an empty string', AWS_DOCS.nullValues, { detail: { eventVersion: [''] } }, launch),
    noMatch('an empty string against null (not interchangeable)', AWS_DOCS.nullValues, { detail: { responseElements: [''] } }, launch),
    noMatch('null against an empty string', AWS_DOCS.nullValues, { detail: { eventVersion: [null] } }, launch),
    noMatch('null against the string "null"', AWS_VERIFIED('null_value_NEG.json5'), { detail: { nullText: [null] } }, launch),
    match('the string "null" against the string "null"', AWS_DOCS.syntax, { detail: { nullText: ['null'] } }, launch),
    noMatch('null against a missing field', EVENT_RULER.source('Event.loadObject (only present scalars are fields)'), { detail: { missing: [null] } }, launch),
    noMatch('an empty string against a missing field', AWS_DOCS.syntax, { detail: { missing: [''] } }, launch),
    match('null against a null inside an array', AWS_DOCS.arrays, { detail: { list: [null] } }, launch),
    noMatch('null against an empty array', AWS_VERIFIED('arrays_empty_null_NEG.json5'), { detail: { emptyList: [null] } }, launch),
    noMatch('an empty string against an empty array', AWS_VERIFIED('arrays_empty_null_NEG.json5'), { detail: { emptyList: [''] } }, launch),
    noMatch('null against an empty object', EVENT_RULER.source('Event.loadObject (objects are not values)'), { detail: { emptyObject: [null] } }, launch),
    match('null or a value, when the field is null', AWS_DOCS.nullValues, { detail: { responseElements: [null, 'x'] } }, launch),
    match(
      'null and an empty string on two fields together',
      AWS_DOCS.nullValues,
      { source: ['aws.autoscaling'], detail: { responseElements: [null], eventVersion: [''] } },
      launch,
    ),
  ]);
});
