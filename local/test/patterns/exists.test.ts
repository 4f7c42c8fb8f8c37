import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const EXISTS = AWS_DOCS.operator('eb-filtering-exists-matching');
const LEAVES_ONLY = EVENT_RULER.readme('Exists matching');
const exists = (value: boolean) => [{ exists: value }];

const instance = busEvent({
  'instance-id': 'i-abcd1111',
  state: 'pending',
  nothing: null,
  count: 0,
  enabled: false,
  empty: '',
  'c-count': { c1: 100 },
  tags: ['a'],
  noTags: [],
  noConfig: {},
});
const employees = busEvent({
  employees: [
    { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones', ids: [] },
  ],
});
const automations = (list: unknown[]) => busEvent({ automations: list });
const dynamo = (newImage: unknown) => busEvent({}, { top: { dynamodb: { NewImage: newImage } } });
const homemade = { dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } } };

describe('exists', () => {
  conformance([
    match('exists: true on a present string', AWS_VERIFIED('content_exists.json5'), { detail: { state: exists(true) } }, instance),
    noMatch('exists: true on a missing field', EXISTS, { detail: { missing: exists(true) } }, instance),
    match('exists: false on a missing field', EXISTS, { detail: { missing: exists(false) } }, instance),
    noMatch('exists: false on a present field', EXISTS, { detail: { state: exists(false) } }, instance),
    match(
      'exists: true on a null value (null is a value)',
      EVENT_RULER.source('Event.loadObject (NULL is recorded as a field)'),
      { detail: { nothing: exists(true) } },
      instance,
    ),
    noMatch(
      'exists: false on a null value',
      EVENT_RULER.source('Event.loadObject (NULL is recorded as a field)'),
      { detail: { nothing: exists(false) } },
      instance,
    ),
    match('exists: true on zero', EXISTS, { detail: { count: exists(true) } }, instance),
    match('exists: true on false', EXISTS, { detail: { enabled: exists(true) } }, instance),
    match('exists: true on an empty string', EXISTS, { detail: { empty: exists(true) } }, instance),
    noMatch(
      'exists: true on a field holding an object (not a leaf)',
      AWS_VERIFIED('content_exists_NEG.json5'),
      { detail: { 'c-count': exists(true) } },
      instance,
    ),
    match("exists: false on a field holding an object (the doc's c-count example)", EXISTS, { detail: { 'c-count': exists(false) } }, instance),
    match('exists: true on a leaf under that object', LEAVES_ONLY, { detail: { 'c-count': { c1: exists(true) } } }, instance),
    match('exists: false on an empty object', LEAVES_ONLY, { detail: { noConfig: exists(false) } }, instance),
    match('exists: true on an array with a value', AWS_DOCS.arrays, { detail: { tags: exists(true) } }, instance),
    noMatch('exists: true on an empty array', AWS_VERIFIED('exists_list_empty_NEG.json5'), { detail: { noTags: exists(true) } }, instance),
    match(
      'exists: false on an empty array',
      EVENT_RULER.source('Event.loadArray (empty arrays yield no field)'),
      { detail: { noTags: exists(false) } },
      instance,
    ),
    noMatch('exists: true on an empty top-level resources array', AWS_VERIFIED('exists_list_empty_NEG.json5'), { resources: exists(true) }, instance),
    match('exists: true on top-level source', AWS_VERIFIED('complex_many_rules.json5'), { source: exists(true) }, instance),
    match(
      'exists: true on a DynamoDB attribute value leaf',
      AWS_VERIFIED('exists_dynamodb.json5'),
      { dynamodb: { NewImage: { key: { S: exists(true) } } } },
      dynamo({ key: { S: 'v' } }),
    ),
    noMatch(
      'exists: true on a DynamoDB attribute (an object)',
      AWS_VERIFIED('exists_dynamodb_NEG.json5'),
      { dynamodb: { NewImage: { key: exists(true) } } },
      dynamo({ key: { S: 'v' } }),
    ),
    match(
      'exists: false on a path whose parent the event lacks',
      AWS_VERIFIED('content_exists_false.json5'),
      { detail: { level1: { 'level2:': { level3: { level4: exists(false) } } } } },
      busEvent({ level1: { level2: 'l2 value' } }),
    ),
    noMatch(
      'exists: false on a deep leaf that is there',
      AWS_VERIFIED('content_exists_false_NEG.json5'),
      { detail: { level1: { level2: { level3: { level4: exists(false) } } } } },
      busEvent({ level1: { level2: { level3: { level4: 'l4 value' } } } }),
    ),
    match(
      'exists: true when one object of an array has the field',
      AWS_VERIFIED('list_within_dict.json5'),
      { detail: { automations: { id: exists(true) } } },
      automations([{ key1: 'value1' }, { id: 'match-does-exist' }, { key2: 'value2' }]),
    ),
    match(
      'exists: false when no object of an array has the field',
      LEAVES_ONLY,
      { detail: { automations: { id: exists(false) } } },
      automations([{ key1: 'value1' }, { key2: 'value2' }]),
    ),
    noMatch(
      'exists: false when some object of an array has the field',
      LEAVES_ONLY,
      { detail: { automations: { id: exists(false) } } },
      automations([{ key1: 'value1' }, { id: 'here' }]),
    ),
    match(
      'exists: false for a field of the same array element only (Anna has no ids, John has)',
      EVENT_RULER.test('RulerTest.WHEN_JSONContainsArrays_THEN_RulerNoCompileMatchesWork'),
      { detail: { employees: { firstName: ['Anna'], ids: exists(false) } } },
      employees,
    ),
    noMatch(
      'exists: true for a field another element has (Anna has no ids)',
      EVENT_RULER.test('RulerTest.WHEN_JSONContainsArrays_THEN_RulerNoCompileMatchesWork'),
      { detail: { employees: { firstName: ['Anna'], ids: exists(true) } } },
      employees,
    ),
    match(
      'exists: false for an empty array in the same element (Peter has ids: [])',
      EVENT_RULER.source('Event.loadArray (empty arrays yield no field)'),
      { detail: { employees: { firstName: ['Peter'], ids: exists(false) } } },
      employees,
    ),
    match('exists: false or a value, when the field is missing', AWS_VERIFIED('or-exists.json5'), homemade, dynamo({ homemade: { N: '789' } })),
    match('exists: false or a value, when the parent is missing', AWS_VERIFIED('or-exists-parent.json5'), homemade, dynamo({ purchased: { N: '789' } })),
    match(
      'exists: false or anything-but, when a value passes',
      AWS_VERIFIED('or-anything-but.json5'),
      homemade,
      dynamo({ homemade: { S: 'ABCD', N: '1234' } }),
    ),
    noMatch(
      'exists: false or anything-but, when the excluded value is there',
      AWS_VERIFIED('or-anything-but.json5'),
      homemade,
      dynamo({ homemade: { S: 'roses' } }),
    ),
    match(
      'exists on two fields, both present',
      EVENT_RULER.test('RulerTest.WHEN_WeTryToMatchExistsRules_THEN_TheyWork'),
      { detail: { 'instance-id': exists(true), state: exists(true) } },
      instance,
    ),
    noMatch(
      'exists on two fields, one missing',
      EVENT_RULER.test('RulerTest.WHEN_WeTryToMatchExistsRules_THEN_TheyWork'),
      { detail: { 'instance-id': exists(true), missing: exists(true) } },
      instance,
    ),
  ]);
});
