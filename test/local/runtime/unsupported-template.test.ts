import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveLog, startLocalRuntime, UnsupportedTemplateError } from '../../../local/runtime/index.ts';
import { synthesizeRuntimeFixture } from './fixtures/runtime-fixture-app.ts';

describe('startLocalRuntime on a template with unsupported parts', () => {
  let assemblyDir: string;

  beforeAll(() => {
    assemblyDir = synthesizeRuntimeFixture({ unsupported: true });
  });

  afterAll(() => {
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it('refuses to start naming the resource and the reason, after printing the warnings', async () => {
    // Prepare
    const lines: string[] = [];
    const log = new LiveLog({ sink: (line) => lines.push(line) });
    // Act
    const start = startLocalRuntime({ assemblyDir, port: 0, apiPort: 0, log });
    // Assess
    await expect(start).rejects.toBeInstanceOf(UnsupportedTemplateError);
    await expect(start).rejects.toThrow(/RuntimeFixture\/Writer\/Resource \(AWS::Lambda::Function\): .*EFS file systems are not mounted locally/);
    expect(lines).toContainEqual(expect.stringMatching(/^warning: RuntimeFixture\/Audit\/RuntimeFixtureAlerts\S*\/Resource \(AWS::SNS::Subscription\): SNS is not emulated/));
  });
});
