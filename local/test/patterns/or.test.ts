import { describe } from 'vitest';
import { busEvent, conformance, match, noMatch } from './support/conformance.ts';
import { AWS_DOCS, AWS_VERIFIED, EVENT_RULER } from './support/sources.ts';

const OR = AWS_DOCS.operator('eb-filtering-complex-example-or');
const NORMAL_OR = EVENT_RULER.readme('Rule examples with "$or" Primitive');
const OR_RULES = EVENT_RULER.test('JsonRuleCompilerTest.testMoreCaseOfOrRelationshipRules');

const metric = (top: Record<string, unknown>) => busEvent({}, { top: { source: 'aws.cloudwatch', ...top } });

const normalOr = {
  source: ['aws.cloudwatch'],
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
};
const parallelOr = {
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
  detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
};
const orWithAnd = {
  source: ['aws.cloudwatch'],
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] }, { scope: ['Service'] }],
};
const nestedOr = {
  source: ['aws.cloudwatch'],
  $or: [
    { metricName: ['CPUUtilization', 'ReadLatency'] },
    { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
    { scope: ['Service'] },
  ],
};
const deepOr = {
  source: ['aws.cloudwatch'],
  detail: { state: { value: ['ALARM'] } },
  $or: [
    { withConfiguration: { metrics: { metricStat: { metric: { namespace: ['AWS/EC2'] } } } } },
    { withoutConfiguration: { metric: { name: ['AWS/Default'] } } },
  ],
};
const counts = (cCount: number, dCount: number) => busEvent({ 'c-count': cCount, 'd-count': dCount, 'x-limit': 901.8 });
const countsOr = {
  detail: {
    $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }, { 'x-limit': [{ numeric: ['=', 3.018e2] }] }],
  },
};
const alarm = (top: Record<string, unknown>) => busEvent({ state: { value: 'ALARM' } }, { top: { source: 'aws.cloudwatch', ...top } });

describe('$or', () => {
  conformance([
    match('a source and the first alternative', NORMAL_OR, normalOr, metric({ metricName: 'CPUUtilization' })),
    match('a source and the second alternative', NORMAL_OR, normalOr, metric({ namespace: 'AWS/ES' })),
    match('a source and both alternatives', NORMAL_OR, normalOr, metric({ metricName: 'ReadLatency', namespace: 'AWS/EC2' })),
    noMatch('a source and neither alternative', NORMAL_OR, normalOr, metric({ metricName: 'NetworkIn' })),
    noMatch('an alternative without the source outside $or', NORMAL_OR, normalOr, busEvent({}, { top: { source: 'aws.ec2', metricName: 'CPUUtilization' } })),
    match('parallel $or, one alternative of each', NORMAL_OR, parallelOr, busEvent({ source: 'aws.cloudwatch' }, { top: { namespace: 'AWS/EC2' } })),
    match(
      'parallel $or, the other alternatives',
      NORMAL_OR,
      parallelOr,
      busEvent({ 'detail-type': 'CloudWatch Alarm State Change' }, { top: { metricName: 'ReadLatency' } }),
    ),
    noMatch('parallel $or when the second $or fails', NORMAL_OR, parallelOr, busEvent({ source: 'aws.ec2' }, { top: { namespace: 'AWS/EC2' } })),
    match('an alternative made of two fields (AND inside OR)', NORMAL_OR, orWithAnd, metric({ metricType: 'MetricType', namespace: 'AWS/ES' })),
    noMatch('half of an AND alternative', NORMAL_OR, orWithAnd, metric({ metricType: 'MetricType' })),
    match('a third alternative', OR_RULES, orWithAnd, metric({ scope: 'Service' })),
    match('a nested $or inside an alternative', NORMAL_OR, nestedOr, metric({ metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 })),
    noMatch('a nested $or whose inner alternatives all fail', NORMAL_OR, nestedOr, metric({ metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1 })),
    match('the first alternative beside a nested $or', NORMAL_OR, nestedOr, metric({ metricName: 'CPUUtilization' })),
    match('deep fields in an alternative', OR_RULES, deepOr, alarm({ withConfiguration: { metrics: { metricStat: { metric: { namespace: 'AWS/EC2' } } } } })),
    match('deep fields in the other alternative', OR_RULES, deepOr, alarm({ withoutConfiguration: { metric: { name: 'AWS/Default' } } })),
    noMatch(
      'deep alternatives when the shared field fails',
      OR_RULES,
      deepOr,
      busEvent({ state: { value: 'OK' } }, { top: { source: 'aws.cloudwatch', withoutConfiguration: { metric: { name: 'AWS/Default' } } } }),
    ),
    match('$or under detail with numeric alternatives', AWS_VERIFIED('complex_or.json5'), countsOr, counts(0, 0)),
    noMatch('$or under detail when no numeric alternative holds', AWS_VERIFIED('complex_or_NEG.json5'), countsOr, counts(0, 10)),
    match('$or whose first alternative holds', OR, countsOr, counts(3, 10)),
    match(
      'the event-ruler sample: two $or and nested fields',
      EVENT_RULER.test('JsonRuleCompilerTest.testBasicFunctionOfOrRelationshipRules'),
      {
        detail: {
          'detail-type': ['EC2 Instance State-change Notification'],
          info: { 'state-status': ['initializing', 'running'], 'state-count': { count: [100] } },
          $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
        },
        news: { newsProviders: ['p1', 'p2'], $or: [{ newCondition1: ['news111'] }, { newCondition2: ['news222'] }] },
      },
      busEvent(
        {
          'detail-type': 'EC2 Instance State-change Notification',
          info: { 'state-status': 'running', 'state-count': { count: 100 } },
          'c-count': 1,
          'd-count': 8,
        },
        { top: { news: { newsProviders: 'p1', newCondition1: 'news111', newCondition2: 'news222' } } },
      ),
    ),
    match('alternatives using exists: false', OR, { $or: [{ detail: { a: [{ exists: false }] } }, { detail: { b: ['x'] } }] }, busEvent({ b: 'y' })),
    noMatch(
      'alternatives using exists: false when both fail',
      OR,
      { $or: [{ detail: { a: [{ exists: false }] } }, { detail: { b: ['x'] } }] },
      busEvent({ a: 1, b: 'y' }),
    ),
  ]);
});
