import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../eventbridge/index.ts';
import { compileInputTemplate, InvalidPlaceholderError } from '../../eventbridge/input-template.ts';
import { eventBridgeEvent } from '../../aws/events/index.ts';

/*
 * Cases follow AWS's documentation (eb-transform-target-input.html, API_InputTransformer.html) and the outputs
 * AWS produced for the same templates, recorded in LocalStack's AWS-validated snapshots
 * (tests/aws/services/events/test_events_inputs.snapshot.json).
 */

const event = eventBridgeEvent(
  {
    source: 'core.update-account-command',
    detailType: 'core.update-account-command',
    detail: {
      command: 'update-account',
      payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' },
      listsingle: ['HIGH'],
      listmulti: ['ACTIVE', 'INACTIVE'],
      valid: true,
      count: 3,
      quote: 'say "hi"',
    },
  },
  { id: 'e-1', time: new Date('2026-01-15T12:00:00Z') },
) as unknown as EventEnvelope;

const context = {
  ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/audit/updates',
  ruleName: 'updates',
  ingestionTime: '2026-01-15T12:00:01Z',
};

const paths = {
  'detail-type': '$.detail-type',
  command: '$.detail.command',
  missing: '$.detail.notinmessage',
  userId: '$.detail.payload.acc_id',
  payload: '$.detail.payload',
  listsingle: '$.detail.listsingle',
  listmulti: '$.detail.listmulti',
  valid: '$.detail.valid',
  count: '$.detail.count',
  quote: '$.detail.quote',
};

const transform = (template: string) => compileInputTemplate(template, paths)(event, context);

describe('input transformer templates', () => {
  it.each([
    [
      'strings outside quotes become JSON strings',
      '{"detailType": <detail-type>, "command": <command>}',
      '{"detailType": "core.update-account-command", "command": "update-account"}',
    ],
    [
      'a path that finds nothing becomes "" outside quotes',
      '{"detailType": <detail-type>, "command": <missing>}',
      '{"detailType": "core.update-account-command", "command": ""}',
    ],
    ['a quoted placeholder inserts the text', '{"id" : "<userId>"}', '{"id" : "0a787ecb-4015"}'],
    [
      'several placeholders inside one string',
      '{"multi_replacement": "users/<userId>/second/<userId>"}',
      '{"multi_replacement": "users/0a787ecb-4015/second/0a787ecb-4015"}',
    ],
    [
      'an object outside quotes stays JSON',
      '{"method": "PUT", "path": "users-service/users/<userId>", "bod": <payload>}',
      '{"method": "PUT", "path": "users-service/users/0a787ecb-4015", "bod": {"acc_id":"0a787ecb-4015","sf_id":"baz"}}',
    ],
    ['a list outside quotes stays JSON', '{"singlelistitem": <listsingle>}', '{"singlelistitem": ["HIGH"]}'],
    ['placeholders inside an array', '{"bod": [<userId>, "hardcoded"]}', '{"bod": ["0a787ecb-4015", "hardcoded"]}'],
    ['booleans and numbers outside quotes stay JSON', '{"valid": <valid>, "count": <count>}', '{"valid": true, "count": 3}'],
    [
      'nested objects of the template',
      '{"nested": {"level1": {"level3": "users-service/users/<userId>"}}, "bod": "<userId>"}',
      '{"nested": {"level1": {"level3": "users-service/users/0a787ecb-4015"}}, "bod": "0a787ecb-4015"}',
    ],
  ])('JSON template: %s', (_case, template, expected) => {
    expect(transform(template)).toEqual({ ok: true, text: expected });
  });

  it.each([
    [
      'keeps the quotes of a string template',
      '"Event of <detail-type> type, info extracted from detail <command>"',
      '"Event of core.update-account-command type, info extracted from detail update-account"',
    ],
    ['leaves nothing for a path that finds nothing', '"info extracted from detail <missing>"', '"info extracted from detail "'],
    [
      'writes objects and lists without their quotes',
      '"Payload of <payload> with path users-service/users/<userId> and <userId>"',
      '"Payload of {acc_id:0a787ecb-4015,sf_id:baz} with path users-service/users/0a787ecb-4015 and 0a787ecb-4015"',
    ],
    ['writes a one-item list with its brackets', '"<listsingle> single list item"', '"[HIGH] single list item"'],
    ['writes a list of several items', '"<listmulti> multiple list items"', '"[ACTIVE,INACTIVE] multiple list items"'],
    ['writes a boolean as its text', '"Command is <valid>!"', '"Command is true!"'],
    [
      'keeps special leading characters',
      '"{[/Check with special starting characters for event of <detail-type> type"',
      '"{[/Check with special starting characters for event of core.update-account-command type"',
    ],
    ['keeps several quoted lines as written', '"<listsingle> single list item"\n"<userId> user id"', '"[HIGH] single list item"\n"0a787ecb-4015 user id"'],
    ['fills a plain-text template', '<command> is in state <valid>', 'update-account is in state true'],
    ['does not escape a value holding quotes', '"He said: <quote>"', '"He said: say "hi""'],
  ])('string template: %s', (_case, template, expected) => {
    expect(transform(template)).toEqual({ ok: true, text: expected });
  });

  it.each([
    ['an object inside quotes', '{"payload": "<payload>"}'],
    ['a list inside quotes', '{"singlelistitem": "<listsingle>"}'],
    ['an object inside a longer string', '{"not_valid": "users-service/users/<payload>", "bod": <payload>}'],
    ['a string holding quotes, not escaped', '{"said": "<quote>"}'],
  ])('JSON template with %s gives no valid JSON, so nothing is delivered', (_case, template) => {
    expect(transform(template)).toEqual({ ok: false, message: expect.stringContaining('InputTemplate did not produce valid JSON') });
  });

  it('fills the predefined variables', () => {
    // Act
    const result = compileInputTemplate('"<aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"')(event, context);

    // Assess
    expect(result).toEqual({ ok: true, text: '"arn:aws:events:us-east-1:123456789012:rule/audit/updates updates 2026-01-15T12:00:01Z"' });
  });

  it('gives the event without its detail, detail-type as detailType, and the whole event as JSON', () => {
    // Act
    const result = compileInputTemplate('{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}')(event, context);

    // Assess
    expect(result.ok).toBe(true);
    const parsed = JSON.parse((result as { text: string }).text) as { originalEvent: object; originalEventJson: object };
    expect(parsed.originalEvent).toEqual({
      id: 'e-1',
      account: event.account,
      detailType: 'core.update-account-command',
      time: '2026-01-15T12:00:00Z',
      source: 'core.update-account-command',
      region: event.region,
      resources: [],
      version: '0',
    });
    expect(Object.keys(parsed.originalEvent)).toEqual(['id', 'account', 'detailType', 'time', 'source', 'region', 'resources', 'version']);
    expect(parsed.originalEventJson).toEqual(event);
  });

  it('refuses a placeholder that names no variable, as PutTargets does', () => {
    // Act
    const compiling = () => compileInputTemplate('"Event of <detail-type> type, with not defined key <notdefinedkey>"', { 'detail-type': '$.detail-type' });

    // Assess
    expect(compiling).toThrow(InvalidPlaceholderError);
    expect(compiling).toThrow('InputTemplate contains invalid placeholder notdefinedkey.');
  });
});
