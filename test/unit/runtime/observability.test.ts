import http from 'node:http';
import https from 'node:https';
import { afterAll, describe, expect, it, vi } from 'vitest';

const before = vi.hoisted(() => {
  const saved = { POWERTOOLS_TRACE_ENABLED: process.env.POWERTOOLS_TRACE_ENABLED, AWS_EXECUTION_ENV: process.env.AWS_EXECUTION_ENV };
  // As Lambda runs the functions with active tracing: the tracer is enabled (vitest.config.ts turns it off elsewhere).
  process.env.POWERTOOLS_TRACE_ENABLED = 'true';
  process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs24.x';
  return saved;
});

afterAll(() => {
  for (const [name, value] of Object.entries(before)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

// The unit tier shares one module graph per worker: a file before this one may have built the tracer with tracing
// off. A fresh graph builds it the way Lambda's init does.
vi.resetModules();
const { tracer } = await import('../../../shared/runtime/observability.ts');

describe('tracer', () => {
  it('is enabled in Lambda, and leaves http and https unpatched at init: the SDK clients are traced by captureAWSv3Client, and patching costs cold start', () => {
    expect(tracer.isTracingEnabled()).toBe(true);
    // aws-xray-sdk-core's captureHTTPsGlobal keeps the original function as `__request` when it patches a module.
    expect((http as { __request?: unknown }).__request).toBeUndefined();
    expect((https as { __request?: unknown }).__request).toBeUndefined();
  });
});
