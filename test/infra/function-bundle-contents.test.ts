import { build, type Metafile } from 'esbuild';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFunctionEntries, FUNCTION_BUNDLE_OPTIONS } from '../../infra/bundling/house-bundling.ts';

/*
 * What each function's bundle carries is what its cold start parses and evaluates (README, "Cold start"): these pin
 * the cuts measured there, on the bundles as the app's synth builds them (the house options, every handler).
 */

let inputsOf: Map<string, string[]>;
/** Each bundle's code, by function. */
let codeOf: Map<string, string>;

beforeAll(async () => {
  const entries = allFunctionEntries();
  const result = await build({
    ...FUNCTION_BUNDLE_OPTIONS,
    entryPoints: entries,
    bundle: true,
    write: false,
    outdir: '/bundles',
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.values((result.metafile as Metafile).outputs).filter((output) => output.entryPoint !== undefined);
  inputsOf = new Map(outputs.map((output) => [basename(dirname(output.entryPoint as string)), Object.keys(output.inputs)]));
  codeOf = new Map(
    Object.entries((result.metafile as Metafile).outputs)
      .filter(([, output]) => output.entryPoint !== undefined)
      .map(([path, output]) => [basename(dirname(output.entryPoint as string)), result.outputFiles.find((file) => file.path === resolve(path))?.text ?? '']),
  );
  expect([...inputsOf.keys()].sort()).toEqual(entries.map((entry) => basename(dirname(entry))).sort());
}, 60_000);

describe('function bundles', () => {
  it('carry only the parts of zod their schemas use, never all of it with every locale (an `import { z }` somewhere)', () => {
    const withEveryLocale = [...inputsOf].filter(([, inputs]) => inputs.some((input) => /zod\/v4\/locales\/(?!en\.js)/.test(input))).map(([name]) => name);
    expect(withEveryLocale).toEqual([]);
  });

  it("validate with zod’s mini API and its English messages, never loading the classic API (a `from 'zod'` import)", () => {
    const withClassic = [...inputsOf].filter(([, inputs]) => inputs.some((input) => input.includes('zod/v4/classic/'))).map(([name]) => name);
    expect(withClassic).toEqual([]);
    // mini's messages come from the locale shared/validation/zod.ts configures: a bundle that dropped it says only "Invalid input".
    const withoutEnglish = [...inputsOf]
      .filter(([, inputs]) => inputs.some((input) => input.includes('zod/v4/mini/')))
      .filter(([name]) => !codeOf.get(name)?.includes('Too small: expected '))
      .map(([name]) => name);
    expect(withoutEnglish).toEqual([]);
    expect([...inputsOf].filter(([, inputs]) => inputs.some((input) => input.includes('zod/v4/mini/'))).length).toBe(inputsOf.size);
  });

  it('import node:http and node:https without their ES module facade, which loads Node’s fetch (undici) at init', () => {
    expect([...codeOf.values()].every((code) => code.length > 0)).toBe(true);
    const withFacade = [...codeOf].filter(([, code]) => /from\s*"(node:)?https?"|import\(\s*"(node:)?https?"\s*\)/.test(code)).map(([name]) => name);
    expect(withFacade).toEqual([]);
    const usingHttp = [...codeOf].filter(([, code]) => code.includes('getBuiltinModule("node:http")'));
    expect(usingHttp.length).toBeGreaterThan(0);
  });

  it('leave semver out (only the X-Ray SDK’s patcher of AWS SDK v2 clients requires it), and say so when it is called', () => {
    const withSemver = [...inputsOf].filter(([, inputs]) => inputs.some((input) => input.includes('node_modules/semver/'))).map(([name]) => name);
    expect(withSemver).toEqual([]);
    const leftOut = createRequire(import.meta.url)('../../infra/bundling/left-out/semver.cjs') as { gte: (a: string, b: string) => boolean };
    expect(() => leftOut.gte('3.0.0', '2.0.0')).toThrow(/left out of this bundle.*captureAWSv3Client/);
  });

  it('keep the X-Ray SDK’s segment in an AsyncLocalStorage: no cls-hooked, whose async_hooks hook runs on every promise', () => {
    const withClsHooked = [...inputsOf]
      .filter(([, inputs]) => inputs.some((input) => /node_modules\/(cls-hooked|emitter-listener|shimmer)\//.test(input)))
      .map(([name]) => name);
    expect(withClsHooked).toEqual([]);
    const withReplacement = [...inputsOf].filter(([, inputs]) => inputs.includes('infra/bundling/replaced/cls-hooked.cjs'));
    expect(withReplacement.length).toBe(inputsOf.size);
    const withHook = [...codeOf].filter(([, code]) => code.includes('createHook(')).map(([name]) => name);
    expect(withHook).toEqual([]);
  });

  it('carry no Powertools parser schemas, which import all of zod (the house envelopes restate the ones used)', () => {
    const withParserSchemas = [...inputsOf]
      .filter(([, inputs]) => inputs.some((input) => input.includes('@aws-lambda-powertools/parser/lib/esm/schemas/')))
      .map(([name]) => name);
    expect(withParserSchemas).toEqual([]);
  });
});
