import { describe, expect, it } from 'vitest';
import { compilePattern, InvalidEventPatternError, RuleSet, validatePattern } from '../../eventbridge/patterns/index.ts';
import { AWS_VERIFIED, AWS_VERIFIED_CALL, EVENT_RULER } from './support/sources.ts';

interface InvalidCase {
  readonly problem: string;
  readonly pattern: unknown;
  readonly reason: string;
  /** Where the error points in the pattern; '' for the whole pattern. */
  readonly path: string;
  readonly source: string;
}

const invalid = (problem: string, source: string, pattern: unknown, reason: string, path: string): InvalidCase => ({
  problem,
  pattern,
  reason,
  path,
  source,
});

const COMPILER = EVENT_RULER.source('JsonRuleCompiler');
const CIDR = EVENT_RULER.source('CIDR.cidr');
const TOO_COMPLEX = 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

const cases: InvalidCase[] = [
  // Shape of the pattern
  invalid(
    'a pattern that is not JSON object text',
    AWS_VERIFIED_CALL('test_invalid_json_event_pattern'),
    '["not", "a", "dict"]',
    'Filter is not an object',
    '',
  ),
  invalid('a pattern that is an array', COMPILER, ['source'], 'Filter is not an object', ''),
  invalid('a pattern that is null', COMPILER, null, 'Filter is not an object', ''),
  invalid('an empty pattern', COMPILER, {}, 'Empty objects are not allowed', ''),
  invalid(
    'an empty nested object',
    EVENT_RULER.source('JsonRuleCompiler.parseObject (AWS: cloud-custodian#6507)'),
    { source: ['aws.health'], detail: {} },
    'Empty objects are not allowed',
    'detail',
  ),
  invalid('a number instead of a value list', AWS_VERIFIED('int_nolist_EXC.json5'), { int: 42 }, '"int" must be an object or an array', 'int'),
  invalid(
    'a string instead of a value list',
    AWS_VERIFIED('string_nolist_EXC.json5'),
    { string: 'my-value' },
    '"string" must be an object or an array',
    'string',
  ),
  invalid('null instead of a value list', COMPILER, { detail: { state: null } }, '"state" must be an object or an array', 'detail.state'),
  invalid('an empty value list', AWS_VERIFIED('arrays_empty_EXC.json5'), { resources: [] }, 'Empty arrays are not allowed', 'resources'),
  invalid('a list inside a value list', COMPILER, { detail: { grid: [[1]] } }, 'Match value must be String, number, true, false, or null', 'detail.grid[0]'),
  invalid('an empty match expression', COMPILER, { source: [{}] }, 'Match expression name not found', 'source[0]'),
  invalid(
    'an operator in upper case (EXISTS)',
    AWS_VERIFIED('operator_case_sensitive_EXC.json5'),
    { my_key: [{ EXISTS: true }] },
    'Unrecognized match type EXISTS',
    'my_key[0]',
  ),
  invalid(
    'an operator in upper case (NUMERIC)',
    AWS_VERIFIED('content_numeric_operatorcasing_EXC.json5'),
    { detail: { equal: [{ NUMERIC: ['=', 5] }] } },
    'Unrecognized match type NUMERIC',
    'detail.equal[0]',
  ),
  invalid('an unknown operator', COMPILER, { source: [{ contains: 'aws' }] }, 'Unrecognized match type contains', 'source[0]'),
  invalid('two operators in one expression', COMPILER, { source: [{ prefix: 'a', suffix: 'b' }] }, 'Only one key allowed in match expression', 'source[0]'),
  // prefix, suffix, equals-ignore-case, exactly
  invalid(
    'a prefix that is a list',
    AWS_VERIFIED('content_prefix_list_EXC.json5'),
    { time: [{ prefix: ['2022-07-13'] }] },
    'prefix match pattern must be a string',
    'time[0].prefix',
  ),
  invalid(
    'a prefix that is a number',
    AWS_VERIFIED('content_prefix_int_EXC.json5'),
    { time: [{ prefix: 123 }] },
    'prefix match pattern must be a string',
    'time[0].prefix',
  ),
  invalid(
    'a suffix that is a number',
    AWS_VERIFIED('content_suffix_int_EXC.json5'),
    { FileName: [{ suffix: 123 }] },
    'suffix match pattern must be a string',
    'FileName[0].suffix',
  ),
  invalid(
    'a suffix that is a list',
    AWS_VERIFIED('content_suffix_list_EXC.json5'),
    { FileName: [{ suffix: ['.png'] }] },
    'suffix match pattern must be a string',
    'FileName[0].suffix',
  ),
  invalid('an empty prefix object', COMPILER, { source: [{ prefix: {} }] }, 'Prefix expression name not found', 'source[0].prefix'),
  invalid(
    'a prefix object with another operator',
    COMPILER,
    { source: [{ prefix: { wildcard: 'a*' } }] },
    'Unsupported prefix pattern: wildcard',
    'source[0].prefix',
  ),
  invalid(
    'an ignore-case prefix that is a number',
    COMPILER,
    { source: [{ prefix: { 'equals-ignore-case': 1 } }] },
    'equals-ignore-case match pattern must be a string',
    'source[0].prefix.equals-ignore-case',
  ),
  invalid(
    'an ignore-case prefix object with two keys',
    COMPILER,
    { source: [{ prefix: { 'equals-ignore-case': 'a', x: 1 } }] },
    'Only one key allowed in match expression',
    'source[0].prefix',
  ),
  invalid('an empty suffix object', COMPILER, { source: [{ suffix: {} }] }, 'Suffix expression name not found', 'source[0].suffix'),
  invalid(
    'a suffix object with another operator',
    COMPILER,
    { source: [{ suffix: { prefix: 'a' } }] },
    'Unsupported suffix pattern: prefix',
    'source[0].suffix',
  ),
  invalid(
    'equals-ignore-case with a list',
    AWS_VERIFIED('content_ignorecase_EXC.json5'),
    { 'detail-type': [{ 'equals-ignore-case': ['ec2'] }] },
    'equals-ignore-case match pattern must be a string',
    'detail-type[0].equals-ignore-case',
  ),
  invalid(
    'equals-ignore-case with an object',
    AWS_VERIFIED('content_ignorecase_list_EXC.json5'),
    { 'detail-type': [{ 'equals-ignore-case': { prefix: 'ec2' } }] },
    'equals-ignore-case match pattern must be a string',
    'detail-type[0].equals-ignore-case',
  ),
  invalid('exactly with a number', COMPILER, { source: [{ exactly: 5 }] }, 'exact match pattern must be a string', 'source[0].exactly'),
  // wildcard
  invalid(
    'a wildcard that is a number',
    AWS_VERIFIED('content_wildcard_int_EXC.json5'),
    { EventBusArn: [{ wildcard: 123 }] },
    'wildcard match pattern must be a string',
    'EventBusArn[0].wildcard',
  ),
  invalid(
    'a wildcard that is a list',
    AWS_VERIFIED('content_wildcard_list_EXC.json5'),
    { EventBusArn: [{ wildcard: ['a*'] }] },
    'wildcard match pattern must be a string',
    'EventBusArn[0].wildcard',
  ),
  invalid(
    'consecutive wildcards, at their byte position',
    AWS_VERIFIED('content_wildcard_repeating_star_EXC.json5'),
    { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }] },
    'Consecutive wildcard characters at pos 26',
    'EventBusArn[0].wildcard',
  ),
  invalid(
    'consecutive wildcards after a two-byte letter',
    EVENT_RULER.test('input/WildcardParserTest'),
    { f: [{ wildcard: 'é**' }] },
    'Consecutive wildcard characters at pos 3',
    'f[0].wildcard',
  ),
  invalid(
    'an escape of a letter',
    EVENT_RULER.readme('Wildcard matching'),
    { f: [{ wildcard: 'a\\b' }] },
    'Invalid escape character at pos 2',
    'f[0].wildcard',
  ),
  invalid(
    'a trailing backslash',
    EVENT_RULER.readme('Wildcard matching'),
    { f: [{ wildcard: 'abc\\' }] },
    'Invalid escape character at pos 4',
    'f[0].wildcard',
  ),
  invalid(
    'six wildcards repeating one separator (too complex)',
    AWS_VERIFIED('content_wildcard_complex_EXC.json5'),
    { EventBusArn: [{ wildcard: '*:*:*:*:*:event-bus/*' }] },
    TOO_COMPLEX,
    '',
  ),
  invalid(
    'wildcards on one field adding up across $or branches',
    EVENT_RULER.test('MachineComplexityEvaluatorTest'),
    { $or: [{ f: [{ wildcard: '*a*a*a*' }] }, { f: [{ wildcard: '*a*a*a*a*' }] }] },
    TOO_COMPLEX,
    '',
  ),
  // numeric
  invalid(
    'numeric with a number',
    AWS_VERIFIED('content_numeric_number_EXC.json5'),
    { c: [{ numeric: 10 }] },
    'Value of numeric must be an array.',
    'c[0].numeric',
  ),
  invalid(
    'numeric with two lower bounds',
    AWS_VERIFIED('content_numeric_EXC.json5'),
    { c: [{ numeric: ['>', 0, '>', 0] }] },
    'Bad numeric range operator: >',
    'c[0].numeric',
  ),
  invalid(
    'numeric with an operator and no value',
    AWS_VERIFIED('content_numeric_syntax_EXC.json5'),
    { c: [{ numeric: ['>', 0, '<'] }] },
    'Value of < must be numeric',
    'c[0].numeric',
  ),
  invalid('an empty numeric list', COMPILER, { c: [{ numeric: [] }] }, 'Invalid member in numeric match: ]', 'c[0].numeric'),
  invalid('numeric starting with a number', COMPILER, { c: [{ numeric: [5] }] }, 'Invalid member in numeric match: 5', 'c[0].numeric'),
  invalid('an unknown numeric operator', COMPILER, { c: [{ numeric: ['!=', 5] }] }, 'Unrecognized numeric range operator: !=', 'c[0].numeric'),
  invalid('equality with a string', COMPILER, { c: [{ numeric: ['=', '5'] }] }, 'Value of equals must be numeric', 'c[0].numeric'),
  invalid('a bound that is a string', COMPILER, { c: [{ numeric: ['>', '5'] }] }, 'Value of > must be numeric', 'c[0].numeric'),
  invalid('equality followed by a bound', COMPILER, { c: [{ numeric: ['=', 5, '<', 6] }] }, 'Too many elements in numeric expression', 'c[0].numeric'),
  invalid(
    'an upper bound followed by a lower bound',
    COMPILER,
    { c: [{ numeric: ['<', 5, '>', 1] }] },
    'Too many elements in numeric expression',
    'c[0].numeric',
  ),
  invalid('a lower bound followed by a number', COMPILER, { c: [{ numeric: ['>', 5, 10] }] }, 'Bad value in numeric range: 10', 'c[0].numeric'),
  invalid(
    'a range with three bounds',
    COMPILER,
    { c: [{ numeric: ['>', 5, '<', 10, '<', 11] }] },
    'Too many terms in numeric range expression',
    'c[0].numeric',
  ),
  invalid('a range whose bottom is above its top', COMPILER, { c: [{ numeric: ['>', 10, '<', 5] }] }, 'Bottom must be less than top', 'c[0].numeric'),
  invalid('an empty closed range (>= 5, <= 5)', COMPILER, { c: [{ numeric: ['>=', 5, '<=', 5] }] }, 'Bottom must be less than top', 'c[0].numeric'),
  invalid(
    'a bound that is infinite (pattern built in code)',
    EVENT_RULER.source('ComparableNumber.generate'),
    { c: [{ numeric: ['>', Infinity] }] },
    'Cannot compare number : Infinity',
    'c[0].numeric',
  ),
  invalid('numeric with a second operator key', COMPILER, { c: [{ numeric: ['>', 1], prefix: 'a' }] }, 'Too many elements in numeric expression', 'c[0]'),
  // exists
  invalid('exists with a string', COMPILER, { c: [{ exists: 'yes' }] }, 'exists match pattern must be either true or false.', 'c[0].exists'),
  invalid('exists with a second key', COMPILER, { c: [{ exists: true, prefix: 'a' }] }, 'Only one key allowed in match expression', 'c[0]'),
  // cidr
  invalid(
    'a cidr without a slash',
    AWS_VERIFIED('content_ip_address_EXC.json5'),
    { ip: [{ cidr: 'bad-filter' }] },
    "Malformed CIDR, one '/' required",
    'ip[0].cidr',
  ),
  invalid('a cidr with two slashes', CIDR, { ip: [{ cidr: '10.0.0.0/8/9' }] }, "Malformed CIDR, one '/' required", 'ip[0].cidr'),
  invalid(
    'a cidr whose mask is not a number',
    AWS_VERIFIED('content_ip_address_bad_mask_EXC.json5'),
    { ip: [{ cidr: 'bad-/64filter' }] },
    'Malformed CIDR, mask bits must be an integer',
    'ip[0].cidr',
  ),
  invalid('a cidr with a negative mask', CIDR, { ip: [{ cidr: '10.0.0.0/-1' }] }, 'Malformed CIDR, mask bits must not be negative', 'ip[0].cidr'),
  invalid(
    'a cidr whose address is not an IP',
    AWS_VERIFIED('content_ip_address_bad_ip_EXC.json5'),
    { ip: [{ cidr: 'xx.11.xx/8' }] },
    'Nonstandard IP address: xx.11.xx',
    'ip[0].cidr',
  ),
  invalid(
    'a cidr whose IPv6 address has a bad group',
    AWS_VERIFIED('content_ip_address_v6_bad_ip_EXC.json5'),
    { ip: [{ cidr: 'xxxx:db8:1234:1a00::/64' }] },
    'Nonstandard IP address: xxxx:db8:1234:1a00::',
    'ip[0].cidr',
  ),
  invalid('a cidr with an octet above 255', CIDR, { ip: [{ cidr: '300.0.0.0/8' }] }, 'Invalid IP address: 300.0.0.0', 'ip[0].cidr'),
  invalid(
    'an IPv4 mask of 33',
    EVENT_RULER.test('CIDRTest.SpotMalformedCIDRs'),
    { ip: [{ cidr: '192.168.0.1/33' }] },
    'IPv4 mask bits must be < 32',
    'ip[0].cidr',
  ),
  invalid('an IPv4 mask of 32 (refused by event-ruler)', CIDR, { ip: [{ cidr: '10.0.0.1/32' }] }, 'IPv4 mask bits must be < 32', 'ip[0].cidr'),
  invalid(
    'an IPv6 mask of 222',
    EVENT_RULER.test('CIDRTest.SpotMalformedCIDRs'),
    { ip: [{ cidr: '2400:6500:FF00::36FB:1F80/222' }] },
    'IPv6 mask bits must be < 128',
    'ip[0].cidr',
  ),
  invalid(
    'a cidr that is a list',
    AWS_VERIFIED('content_ip_address_type_EXC.json5'),
    { ip: [{ cidr: ['bad-type'] }] },
    'prefix match pattern must be a string',
    'ip[0].cidr',
  ),
  // anything-but
  invalid(
    'anything-but null',
    AWS_VERIFIED('content_anything_but_string_null_type_EXC.json5'),
    { s: [{ 'anything-but': null }] },
    'Value of anything-but must be an array or single string/number value.',
    's[0].anything-but',
  ),
  invalid(
    'anything-but true',
    COMPILER,
    { s: [{ 'anything-but': true }] },
    'Value of anything-but must be an array or single string/number value.',
    's[0].anything-but',
  ),
  invalid(
    'anything-but with null in its list',
    AWS_VERIFIED('content_anything_but_string_list_null_type_EXC.json5'),
    { s: [{ 'anything-but': ['stopped', null] }] },
    'Inside anything but list, start|null|boolean is not supported.',
    's[0].anything-but[1]',
  ),
  invalid(
    'anything-but mixing strings and numbers',
    EVENT_RULER.readme('Anything-but matching'),
    { s: [{ 'anything-but': ['a', 1] }] },
    'Inside anything but list, either all values are number or string, mixed type is not supported',
    's[0].anything-but',
  ),
  invalid(
    'anything-but with an empty list',
    COMPILER,
    { s: [{ 'anything-but': [] }] },
    'Inside anything but list, either all values are number or string, mixed type is not supported',
    's[0].anything-but',
  ),
  invalid('an empty anything-but object', COMPILER, { s: [{ 'anything-but': {} }] }, 'Anything-But expression name not found', 's[0].anything-but'),
  invalid(
    'anything-but with numeric',
    COMPILER,
    { s: [{ 'anything-but': { numeric: ['>', 1] } }] },
    'Unsupported anything-but pattern: numeric',
    's[0].anything-but',
  ),
  invalid(
    'anything-but with two operators',
    COMPILER,
    { s: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] },
    'Too many elements in numeric expression',
    's[0].anything-but',
  ),
  invalid('anything-but beside another operator', COMPILER, { s: [{ 'anything-but': 'a', prefix: 'b' }] }, 'Too many elements in numeric expression', 's[0]'),
  invalid(
    'anything-but prefix with a number',
    AWS_VERIFIED('content_anything_prefix_int_EXC.json5'),
    { s: [{ 'anything-but': { prefix: 123 } }] },
    'prefix/suffix match pattern must be a string',
    's[0].anything-but.prefix',
  ),
  invalid(
    'anything-but prefix with a number in its list',
    AWS_VERIFIED('content_anything_prefix_list_type_EXC.json5'),
    { s: [{ 'anything-but': { prefix: [123, 'test'] } }] },
    'prefix/suffix match pattern must be a string',
    's[0].anything-but.prefix[0]',
  ),
  invalid(
    'anything-but suffix with a number',
    AWS_VERIFIED('content_anything_suffix_int_EXC.json5'),
    { s: [{ 'anything-but': { suffix: 123 } }] },
    'prefix/suffix match pattern must be a string',
    's[0].anything-but.suffix',
  ),
  invalid(
    'anything-but suffix with null in its list',
    AWS_VERIFIED('content_anything_suffix_list_null_type_EXC.json5'),
    { s: [{ 'anything-but': { suffix: [null, '.txt'] } }] },
    'prefix/suffix match pattern must be a string',
    's[0].anything-but.suffix[0]',
  ),
  invalid(
    'an empty anything-but prefix',
    AWS_VERIFIED('content_anything_prefix_empty_EXC.json5'),
    { s: [{ 'anything-but': { prefix: '' } }] },
    'Null prefix/suffix not allowed',
    's[0].anything-but.prefix',
  ),
  invalid(
    'an empty anything-but suffix',
    AWS_VERIFIED('content_anything_suffix_empty_EXC.json5'),
    { s: [{ 'anything-but': { suffix: '' } }] },
    'Null prefix/suffix not allowed',
    's[0].anything-but.suffix',
  ),
  invalid(
    'anything-but prefix with equals-ignore-case',
    AWS_VERIFIED('content_anything_prefix_ignorecase_EXC.json5'),
    { s: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'file' } } }] },
    'Value of anything-but must be an array or single string/number value.',
    's[0].anything-but.prefix',
  ),
  invalid(
    'anything-but suffix with equals-ignore-case',
    AWS_VERIFIED('content_anything_suffix_ignorecase_EXC.json5'),
    { s: [{ 'anything-but': { suffix: { 'equals-ignore-case': '.png' } } }] },
    'Value of anything-but must be an array or single string/number value.',
    's[0].anything-but.suffix',
  ),
  invalid(
    'anything-but equals-ignore-case with a number',
    AWS_VERIFIED('content_anything_but_ignorecase_EXC.json5'),
    { s: [{ 'anything-but': { 'equals-ignore-case': 123 } }] },
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
    's[0].anything-but.equals-ignore-case',
  ),
  invalid(
    'anything-but equals-ignore-case with numbers',
    AWS_VERIFIED('content_anything_but_ignorecase_list_EXC.json5'),
    { s: [{ 'anything-but': { 'equals-ignore-case': [123, 456] } }] },
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
    's[0].anything-but.equals-ignore-case[0]',
  ),
  invalid(
    'anything-but wildcard with a number',
    AWS_VERIFIED('content_anything_wildcard_type_EXC.json5'),
    { s: [{ 'anything-but': { wildcard: 123 } }] },
    'wildcard match pattern must be a string',
    's[0].anything-but.wildcard',
  ),
  invalid(
    'anything-but wildcard with a number in its list',
    AWS_VERIFIED('content_anything_wildcard_list_type_EXC.json5'),
    { s: [{ 'anything-but': { wildcard: [123, '*/dir/*'] } }] },
    'wildcard match pattern must be a string',
    's[0].anything-but.wildcard[0]',
  ),
  invalid(
    'anything-but wildcard with consecutive wildcards',
    COMPILER,
    { s: [{ 'anything-but': { wildcard: 'a**' } }] },
    'Consecutive wildcard characters at pos 2',
    's[0].anything-but.wildcard',
  ),
  // $or
  invalid('$or with an object', COMPILER, { $or: { a: ['x'] } }, 'It must be an Array followed with $or.', '$or'),
  invalid(
    '$or with one alternative',
    EVENT_RULER.test('JsonRuleCompilerTest.testWrongOrRelationshipRules'),
    { $or: [{ metricName: ['CPUUtilization'] }] },
    'There must have at least 2 Objects in $or relationship.',
    '$or',
  ),
  invalid('$or with no alternative', COMPILER, { source: ['a'], $or: [] }, 'There must have at least 2 Objects in $or relationship.', '$or'),
  invalid(
    '$or with a list as an alternative',
    EVENT_RULER.test('JsonRuleCompilerTest.testWrongOrRelationshipRules'),
    { detail: { $or: [{ source: ['a'] }, { b: ['c'] }, [{ foo: ['wrong'] }]] } },
    'Only JSON object is allowed in array of $or relationship.',
    'detail.$or[2]',
  ),
  invalid('$or with an empty alternative', COMPILER, { $or: [{}, { b: ['y'] }] }, 'Empty objects are not allowed', '$or[0]'),
  invalid(
    'an operator name as a field inside $or',
    EVENT_RULER.readme('The "$or" Primitive'),
    { $or: [{ numeric: [123] }, { prefix: ['abc'] }] },
    'numeric is Ruler reserved fieldName which cannot be used inside $or.',
    '$or[0].numeric',
  ),
  invalid(
    'a reserved name deep inside a $or alternative',
    COMPILER,
    { $or: [{ a: { 'ip-address-in-range': ['x'] } }, { b: ['y'] }] },
    'ip-address-in-range is Ruler reserved fieldName which cannot be used inside $or.',
    '$or[0].a.ip-address-in-range',
  ),
];

describe('validatePattern', () => {
  it.each(cases)('rejects $problem with "$reason"', ({ pattern, reason, path }) => {
    // Act
    const attempt = () => validatePattern(pattern);

    // Assess
    expect(attempt).toThrow(InvalidEventPatternError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ reason, path, code: 'InvalidEventPatternException' });
      expect((error as InvalidEventPatternError).awsMessage).toBe(`Event pattern is not valid. Reason: ${reason}`);
    }
  });

  it("rejects JSON text that does not parse, with AWS's message prefix", () => {
    // Act
    const attempt = () => validatePattern("{'bad': 'quotation'}");

    // Assess
    expect(attempt).toThrow(InvalidEventPatternError);
    expect(attempt).toThrow(/^Event pattern is not valid\. Reason: /);
  });

  it("puts AWS's message on the first line and the place in the pattern on the second", () => {
    // Act
    const attempt = () => validatePattern({ detail: { state: [{ prefix: 5 }] } });

    // Assess
    expect(attempt).toThrow('Event pattern is not valid. Reason: prefix match pattern must be a string\n at pattern path: detail.state[0].prefix');
  });

  it('reports the first problem in document order, as AWS does', () => {
    // Act
    const attempt = () => validatePattern({ a: [{ prefix: 1 }], b: [] });

    // Assess
    expect(attempt).toThrow('prefix match pattern must be a string');
  });

  it.each([
    ['an empty wildcard excluded by anything-but', { f: [{ 'anything-but': { wildcard: '' } }] }, AWS_VERIFIED('content_anything_wildcard_empty.json5')],
    ['an empty wildcard', { f: [{ wildcard: '' }] }, AWS_VERIFIED('content_wildcard_empty_NEG.json5')],
    ['an empty prefix and suffix', { f: [{ prefix: '' }, { suffix: '' }] }, AWS_VERIFIED('content_prefix_empty.json5')],
    ['operator names as field names outside $or', { prefix: ['a'], detail: { numeric: [1] } }, EVENT_RULER.readme('The "$or" Primitive')],
    [
      'a repeated directory after one wildcard (complexity 7)',
      { f: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] },
      AWS_VERIFIED('content_wildcard_repeating.json5'),
    ],
    ['numbers beyond ±5e9', { f: [{ numeric: ['>', -1e300, '<', 1e300] }] }, EVENT_RULER.readme('Numeric matching')],
    ['an IPv4 /31 and an IPv6 /127', { f: [{ cidr: '10.0.0.0/31' }, { cidr: '::/127' }] }, EVENT_RULER.source('CIDR.cidr')],
    ['$or nested in $or', { $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }] }] }, EVENT_RULER.readme('Nested "Or" and "And"')],
  ])('accepts %s', (_case, pattern, _source) => {
    // Act
    const attempt = () => validatePattern(pattern);

    // Assess
    expect(attempt).not.toThrow();
  });

  it('is enforced by compilePattern and RuleSet.add, leaving the set unchanged', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('kept', { source: ['a'] });

    // Act
    const compiling = () => compilePattern({ source: [] });
    const adding = () => rules.add('kept', { source: [] });

    // Assess
    expect(compiling).toThrow(InvalidEventPatternError);
    expect(adding).toThrow(InvalidEventPatternError);
    expect(rules.match({ source: 'a' })).toEqual(['kept']);
  });
});
