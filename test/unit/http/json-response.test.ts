import { describe, expect, it } from 'vitest';
import { json } from '../../../shared/http/index.ts';

describe('json', () => {
  it('serializes the body with a JSON content type', () => {
    // Act
    const response = json(201, { orderId: 'o-1', status: 'PLACED' });
    // Assess
    expect(response).toEqual({ statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"orderId":"o-1","status":"PLACED"}' });
  });

  it('keeps extra headers and a content type the caller set, in any case', () => {
    // Act
    const response = json(200, 'ok', { 'Content-Type': 'application/problem+json', 'x-extra': '1' });
    // Assess
    expect(response.headers).toEqual({ 'Content-Type': 'application/problem+json', 'x-extra': '1' });
  });
});
