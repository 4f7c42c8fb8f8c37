import { afterAll, describe, expect, it } from 'vitest';
import { FunctionNotFoundError } from '../../lambda/index.ts';
import { fixtureApp } from './support/fixture-app.ts';
import { harness } from './support/harness.ts';

const app = fixtureApp();
afterAll(() => app.remove());

/** A handler that says which version of the code ran, after sleeping `event.ms`. */
const version = (name: string) => `
export const handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms ?? 0));
  return { version: '${name}' };
};
`;

describe('updateFunctionCode (hot reload)', () => {
  it('runs the next invocation on the new code, on a fresh instance, while a running one finishes on the old code', async () => {
    // Prepare
    const spec = app.bundle('reloaded', { 'index.mjs': version('v1') });
    const v2 = app.bundle('reloaded-v2', { 'index.mjs': version('v2') });
    const { service, activitiesOf } = harness([spec]);
    await service.invoke('reloaded', {});
    const running = service.invoke('reloaded', { ms: 400 });
    await expect.poll(() => activitiesOf('invoke').length).toBe(2);

    // Act
    service.updateFunctionCode('reloaded', v2.codeDir);
    const next = await service.invoke('reloaded', {});

    // Assess
    expect((await running).response).toEqual({ version: 'v1' });
    expect(next.response).toEqual({ version: 'v2' });
    expect(activitiesOf('invoke').map((a) => a.coldStart)).toEqual([true, false, true]);
    await expect.poll(() => activitiesOf('instance-stopped').map((a) => a.reason)).toEqual(['code-updated']);
    expect(service.functions().find((f) => f.name === 'reloaded')?.codeDir).toBe(v2.codeDir);
  });

  it('stops idle instances of the old code at once, and keeps warm reuse for the new one', async () => {
    // Prepare
    const spec = app.bundle('idle-reloaded', { 'index.mjs': version('v1') });
    const v2 = app.bundle('idle-reloaded-v2', { 'index.mjs': version('v2') });
    const { service, activitiesOf } = harness([spec]);
    await Promise.all([service.invoke('idle-reloaded', { ms: 50 }), service.invoke('idle-reloaded', { ms: 50 })]);

    // Act
    service.updateFunctionCode('idle-reloaded', v2.codeDir);
    const results = [await service.invoke('idle-reloaded', {}), await service.invoke('idle-reloaded', {})];

    // Assess
    expect(results.map((r) => r.response)).toEqual([{ version: 'v2' }, { version: 'v2' }]);
    await expect.poll(() => service.instanceCount('idle-reloaded')).toBe(1);
    expect(activitiesOf('instance-stopped').map((a) => a.reason)).toEqual(['code-updated', 'code-updated']);
  });

  it('names the function it does not know', () => {
    // Prepare
    const { service } = harness([app.bundle('known', { 'index.mjs': version('v1') })]);

    // Act
    const update = () => service.updateFunctionCode('unknown-function', '/nowhere');

    // Assess
    expect(update).toThrow(FunctionNotFoundError);
    expect(update).toThrow(/unknown-function/);
  });
});
