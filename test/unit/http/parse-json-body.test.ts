import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonBody } from '../../../shared/http/index.ts';
import { httpApiEvent } from '../../kit/index.ts';

const Body = z.object({ events: z.array(z.object({ at: z.iso.datetime() })).min(1) });

function errorOf(result: ReturnType<typeof parseJsonBody>) {
  if (result.success) throw new Error('expected a 400');
  expect(result.response.statusCode).toBe(400);
  return JSON.parse(result.response.body as string) as { message: string; errors: { path: string; message: string }[] };
}

describe('parseJsonBody', () => {
  it('returns the validated body', () => {
    // Act
    const result = parseJsonBody(httpApiEvent({ body: { events: [{ at: '2026-11-28T12:00:00Z' }] } }), Body);
    // Assess
    expect(result).toEqual({ success: true, data: { events: [{ at: '2026-11-28T12:00:00Z' }] } });
  });

  it('reads a base64-encoded JSON body', () => {
    // Prepare
    const event = { ...httpApiEvent(), body: Buffer.from('{"events":[{"at":"2026-11-28T12:00:00Z"}]}').toString('base64'), isBase64Encoded: true };
    // Act
    const result = parseJsonBody(event, Body);
    // Assess
    expect(result.success).toBe(true);
  });

  it("answers 400 to a body that is not JSON, with the parser's reason", () => {
    // Act
    const body = errorOf(parseJsonBody(httpApiEvent({ body: '{"events": [' }), Body));
    // Assess
    expect(body.message).toMatch(/^The request body is not valid JSON: .+/);
    expect(body.errors).toEqual([{ path: '', message: 'expected a JSON document' }]);
  });

  it.each([
    ['no body', undefined],
    ['a blank body', '  '],
  ])('answers 400 to %s', (_case, raw) => {
    // Act
    const body = errorOf(parseJsonBody(httpApiEvent({ body: raw }), Body));
    // Assess
    expect(body.message).toBe('The request body is empty: expected a JSON document');
  });

  it('answers 400 naming each invalid field', () => {
    // Act
    const body = errorOf(parseJsonBody(httpApiEvent({ body: { events: [{ at: 'yesterday' }] } }), Body, 'The activity'));
    // Assess
    expect(body.message).toBe('The activity is invalid');
    expect(body.errors).toEqual([{ path: 'events[0].at', message: expect.any(String) }]);
  });
});
