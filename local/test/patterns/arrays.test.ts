import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const ARRAYS = AWS_DOCS.arrays;
const CONSISTENCY = EVENT_RULER.readme('JSON Array Matching');
const RULER_ARRAYS = EVENT_RULER.test('RulerTest.WHEN_JSONContainsArrays_THEN_RulerNoCompileMatchesWork');

const withResources = (resources: string[]) => busEvent({}, { overrides: { resources } });
const ownArn = 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f';
const ruleResources = {
  resources: [ownArn, 'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f', 'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'],
};
const asgArn = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b:autoScalingGroupName/ASGTerminate';

const flatEmployees = busEvent({
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
});
const nestedEmployees = busEvent({
  employees: [
    [
      { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
      { firstName: 'Anna', lastName: 'Smith' },
    ],
    [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
  ],
});
const order = busEvent({
  items: [
    { sku: 'A', quantity: 1, tags: ['gift'] },
    { sku: 'B', quantity: 2, tags: [] },
  ],
  payments: [{ method: 'card' }],
});
const employee = (firstName: string, lastName: string) => ({ detail: { employees: { firstName: [firstName], lastName: [lastName] } } });

describe('arrays', () => {
  conformance([
    match('when the pattern and event arrays share a value', AWS_VERIFIED('arrays.json5'), ruleResources, withResources([asgArn, ownArn])),
    noMatch('when the arrays share no value', AWS_VERIFIED('arrays_NEG.json5'), ruleResources, withResources([asgArn])),
    noMatch('an empty event array', ARRAYS, ruleResources, withResources([])),
    match('a number in an array of numbers', ARRAYS, { detail: { ids: [1000] } }, busEvent({ ids: [1234, 1000] })),
    match('a value in nested arrays (flattened)', ARRAYS, { detail: { grid: [3] } }, busEvent({ grid: [[1, 2], [3]] })),
    match('a null element', ARRAYS, { detail: { list: [null] } }, busEvent({ list: [null, 'x'] })),
    match('the string among mixed types', ARRAYS, { detail: { list: ['1'] } }, busEvent({ list: [1, '1'] })),
    match('the number among mixed types', ARRAYS, { detail: { list: [1] } }, busEvent({ list: [1, '1'] })),
    match('a field of any object in an array', CONSISTENCY, { detail: { employees: { firstName: ['Anna'] } } }, flatEmployees),
    noMatch('a field no object of the array has', CONSISTENCY, { detail: { employees: { firstName: ['Alice'] } } }, flatEmployees),
    match('two fields of the same array element', CONSISTENCY, employee('Anna', 'Smith'), flatEmployees),
    noMatch('two fields taken from different elements (array consistency)', CONSISTENCY, employee('Anna', 'Jones'), flatEmployees),
    match('two fields of one element in nested arrays', CONSISTENCY, employee('Anna', 'Smith'), nestedEmployees),
    noMatch('two fields from elements of different inner arrays', RULER_ARRAYS, employee('Anna', 'Jones'), nestedEmployees),
    noMatch('two fields from elements of the same inner array', RULER_ARRAYS, employee('John', 'Smith'), nestedEmployees),
    match('a name and an id of the same element', RULER_ARRAYS, { detail: { employees: { firstName: ['John'], ids: [1000] } } }, nestedEmployees),
    noMatch('a name and an id of another element', RULER_ARRAYS, { detail: { employees: { firstName: ['Anna'], ids: [1000] } } }, nestedEmployees),
    noMatch('a pattern on another top-level field', RULER_ARRAYS, { detail: { a: ['b'] } }, nestedEmployees),
    noMatch('a value list on a field holding an array of objects', RULER_ARRAYS, { detail: { employees: ['b'] } }, nestedEmployees),
    match('sku and quantity of the same item', CONSISTENCY, { detail: { items: { sku: ['B'], quantity: [2] } } }, order),
    noMatch('sku of one item with the quantity of another', CONSISTENCY, { detail: { items: { sku: ['A'], quantity: [2] } } }, order),
    match('a scalar array inside the matched item', CONSISTENCY, { detail: { items: { sku: ['A'], tags: ['gift'] } } }, order),
    noMatch('a scalar array inside another item', CONSISTENCY, { detail: { items: { sku: ['B'], tags: ['gift'] } } }, order),
    match('fields from two unrelated arrays', CONSISTENCY, { detail: { items: { sku: ['B'] }, payments: { method: ['card'] } } }, order),
    match(
      'a range on one item with a prefix on the same item',
      CONSISTENCY,
      { detail: { items: { sku: [{ prefix: 'A' }], quantity: [{ numeric: ['<', 2] }] } } },
      order,
    ),
    noMatch('a range satisfied only by another item', CONSISTENCY, { detail: { items: { sku: [{ prefix: 'A' }], quantity: [{ numeric: ['>', 1] }] } } }, order),
    noMatch('an event that is itself an array', EVENT_RULER.source('Event.java (an event is a JSON object)'), { detail: { a: [{ exists: false }] } }, [
      { detail: {} },
    ]),
  ]);
});
