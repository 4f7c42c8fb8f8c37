import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveLog, PortInUseError, startLocalRuntime, UnsupportedTemplateError } from '../../runtime/index.ts';
import { synthesizeRuntimeFixture } from './fixtures/runtime-fixture-app.ts';

describe('startLocalRuntime refusing to start', () => {
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
    expect(lines).toContainEqual(
      expect.stringMatching(/^warning: RuntimeFixture\/Audit\/RuntimeFixtureAlerts\S*\/Resource \(AWS::SNS::Subscription\): SNS is not emulated/),
    );
  });

  it('names a taken port before starting any engine', async () => {
    // Prepare
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const started = Date.now();
    // Act
    const start = startLocalRuntime({ assemblyDir, port: 0, apiPort: port });
    // Assess
    await expect(start).rejects.toEqual(new PortInUseError(port, 'the HTTP API, --api-port'));
    // Before any engine: DynamoDB Local alone takes seconds to start, even on an idle machine.
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => taken.close(resolve));
  });
});
