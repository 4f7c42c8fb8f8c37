import fc from 'fast-check';
import { createRequire } from 'node:module';
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

/*
 * The function bundles replace cls-hooked (under aws-xray-sdk-core) with infra/bundling/replaced/cls-hooked.cjs:
 * these hold the replacement to cls-hooked itself. Random programs of runs, binds, sets, gets and awaits, some of
 * them concurrent, run against each from a context entered outside any run (as the X-Ray SDK does at init in
 * Lambda); every get must read the same.
 */

interface Context {
  [key: string]: unknown;
}

/** The part of cls-hooked's namespace the X-Ray SDK and these programs use. */
interface Namespace {
  readonly active: Context | null;
  set(key: string, value: unknown): unknown;
  get(key: string): unknown;
  createContext(): Context;
  run(fn: (context: Context) => void): Context;
  runPromise<T>(fn: (context: Context) => Promise<T>): Promise<T>;
  bind<F extends (...args: never[]) => unknown>(fn: F, context?: Context): F;
  enter(context: Context): void;
  exit(context: Context): void;
}

interface Cls {
  createNamespace(name: string): Namespace;
  getNamespace(name: string): Namespace | undefined;
  readonly ERROR_SYMBOL: string;
}

const require = createRequire(import.meta.url);
const clsHooked = require('cls-hooked/context') as Cls;
const replacement = require('../../infra/bundling/replaced/cls-hooked.cjs') as Cls;

// One namespace each for the whole file: cls-hooked never disables the hook of a destroyed namespace.
const real = clsHooked.createNamespace('cls-hooked-replacement-test');
const replaced = replacement.createNamespace('cls-hooked-replacement-test');

type Key = 'segment' | 'other';
/** Ways to yield whose order is fixed (a timer's is not, against immediates, so it has a test of its own). */
type Tick = 'microtask' | 'immediate';
type Step =
  | { readonly op: 'set'; readonly key: Key; readonly value: number }
  | { readonly op: 'get'; readonly key: Key }
  | { readonly op: 'tick'; readonly kind: Tick }
  | { readonly op: 'run' | 'bind' | 'bindEntered'; readonly body: readonly Step[] }
  | { readonly op: 'parallel'; readonly branches: readonly (readonly Step[])[] };

const key = fc.constantFrom<Key>('segment', 'other');
const { steps } = fc.letrec<{ steps: readonly Step[]; step: Step }>((tie) => ({
  steps: fc.array(tie('step'), { maxLength: 5 }),
  step: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ op: fc.constant('set' as const), key, value: fc.integer({ min: 0, max: 99 }) }),
    fc.record({ op: fc.constant('get' as const), key }),
    fc.record({ op: fc.constant('tick' as const), kind: fc.constantFrom<Tick>('microtask', 'immediate') }),
    fc.record({ op: fc.constantFrom('run' as const, 'bind' as const, 'bindEntered' as const), body: tie('steps') as fc.Arbitrary<readonly Step[]> }),
    fc.record({ op: fc.constant('parallel' as const), branches: fc.array(tie('steps') as fc.Arbitrary<readonly Step[]>, { minLength: 2, maxLength: 3 }) }),
  ),
}));

async function tick(kind: Tick): Promise<void> {
  if (kind === 'microtask') await Promise.resolve();
  else await immediate();
}

/** Runs `program` from a fresh root context; what each get read, by the step's place in the program. */
async function execute(ns: Namespace, program: readonly Step[]): Promise<Map<string, unknown>> {
  const read = new Map<string, unknown>();
  const run = async (body: readonly Step[], at: string): Promise<void> => {
    for (const [index, step] of body.entries()) {
      const here = `${at}.${index}`;
      switch (step.op) {
        case 'set':
          ns.set(step.key, step.value);
          break;
        case 'get':
          read.set(here, ns.get(step.key));
          break;
        case 'tick':
          await tick(step.kind);
          break;
        case 'run': {
          let done: Promise<void> = Promise.resolve();
          ns.run(() => {
            done = run(step.body, here);
          });
          await done;
          break;
        }
        case 'bind': {
          // Bound now, called later from elsewhere: the body sees the context of the moment it was bound.
          const bound = ns.bind(() => run(step.body, here));
          await immediate();
          await bound();
          break;
        }
        case 'bindEntered': {
          const bound = ns.bind(() => run(step.body, here), ns.createContext());
          await bound();
          break;
        }
        case 'parallel':
          await Promise.all(step.branches.map((branch, which) => run(branch, `${here}.${which}`)));
          break;
      }
    }
  };
  const root = ns.createContext();
  ns.enter(root);
  ns.set('segment', -1);
  try {
    await run(program, '');
  } finally {
    ns.exit(root);
  }
  return read;
}

describe('the function bundles’ cls-hooked (over AsyncLocalStorage)', () => {
  it('reads what cls-hooked reads in every program of runs, binds, sets, gets and awaits, concurrent ones too', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (program) => {
        const expected = await execute(real, program);
        const actual = await execute(replaced, program);
        expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a context entered outside any run active after the code that entered it, until it exits', async () => {
    for (const ns of [real, replaced]) {
      const root = ns.createContext();
      ns.enter(root);
      ns.set('segment', 'facade');
      await immediate();
      expect(ns.get('segment')).toBe('facade');
      ns.run(() => ns.set('segment', 'subsegment'));
      expect(ns.get('segment')).toBe('facade');
      ns.exit(root);
    }
    expect(replaced.active).toBe(null);
  });

  it('keeps a run’s context for its timers, and a bound function’s for its own, after the run has returned', async () => {
    for (const ns of [real, replaced]) {
      const root = ns.createContext();
      ns.enter(root);
      ns.set('segment', 'facade');
      const seen: unknown[] = [];
      let timer: Promise<void> = Promise.resolve();
      let bound = (): unknown => undefined;
      ns.run(() => {
        ns.set('segment', 'handler');
        timer = sleep(5).then(() => {
          seen.push(ns.get('segment'));
        });
        bound = ns.bind(() => ns.get('segment'));
      });
      seen.push(ns.get('segment'));
      await timer;
      seen.push(bound(), ns.get('segment'));
      ns.exit(root);
      expect(seen).toEqual(['facade', 'handler', 'handler', 'facade']);
    }
  });

  it('marks an exception thrown in a run with the run’s context, as cls-hooked’s fromException reads it', () => {
    for (const [ns, cls] of [
      [real, clsHooked],
      [replaced, replacement],
    ] as const) {
      let inside: Context | undefined;
      let thrown: unknown;
      try {
        ns.run((context) => {
          inside = context;
          throw new Error('boom');
        });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Record<string, unknown>)[cls.ERROR_SYMBOL]).toBe(inside);
    }
  });

  it('refuses to set a value with no context active, as cls-hooked does', () => {
    const bare = replacement.createNamespace('cls-hooked-replacement-test-bare');
    expect(() => bare.set('segment', 1)).toThrow('No context available. ns.run() or ns.bind() must be called first.');
  });
});
