'use strict';
// cls-hooked's namespaces (the API of its `context` module), kept over Node's AsyncLocalStorage, for function bundles
// (see ../house-bundling.ts). aws-xray-sdk-core, under Powertools Tracer, keeps the current segment in a cls-hooked
// namespace; cls-hooked (unmaintained since 2019) follows contexts with an async_hooks hook that runs on every
// promise and callback the function makes from init on, about a fifth of a warm invocation's CPU. Node's
// AsyncLocalStorage follows them without hooks.
//
// Same behaviour as cls-hooked for what the X-Ray SDK does with it:
// - a context entered outside any run (the SDK enters one at init in Lambda and keeps the segment in it) is the
//   active context wherever no run is, as cls-hooked's stays active until exited;
// - `run` and `bind` make their context active for the function and everything it starts, synchronously or not,
//   and restore the previous one when the function returns; a context created in a run inherits from the run's;
// - an exception thrown from `run` or `bind` carries the context at ERROR_SYMBOL, as `fromException` reads it.
const { AsyncLocalStorage } = require('node:async_hooks');

const ERROR_SYMBOL = 'error@context';
let namespaces = Object.create(null);

class Namespace {
  #storage = new AsyncLocalStorage();
  /** The contexts entered outside any run, the last one active (cls-hooked's `_set` and `active`). */
  #entered = [];
  /** The contexts entered inside a run, each with the one it replaced there, for `exit`. */
  #enteredInRun = [];

  constructor(name) {
    this.name = name;
  }

  get active() {
    return this.#storage.getStore() ?? this.#entered.at(-1) ?? null;
  }

  set(key, value) {
    const context = this.active;
    if (!context) throw new Error('No context available. ns.run() or ns.bind() must be called first.');
    context[key] = value;
    return value;
  }

  get(key) {
    return this.active?.[key];
  }

  createContext() {
    const context = Object.create(this.active ?? Object.prototype);
    context._ns_name = this.name;
    return context;
  }

  run(fn) {
    const context = this.createContext();
    this.#within(context, fn, undefined, [context]);
    return context;
  }

  runAndReturn(fn) {
    let value;
    this.run((context) => {
      value = fn(context);
    });
    return value;
  }

  runPromise(fn) {
    const context = this.createContext();
    const promise = this.#storage.run(context, fn, context);
    if (typeof promise?.then !== 'function' || typeof promise.catch !== 'function') throw new Error('fn must return a promise.');
    return promise.catch((error) => {
      error[ERROR_SYMBOL] = context;
      throw error;
    });
  }

  bind(fn, context) {
    const bound = context ?? this.active ?? this.createContext();
    const namespace = this;
    return function clsBind(...args) {
      return namespace.#within(bound, fn, this, args);
    };
  }

  /** Makes `context` active until `exit(context)`; inside a run, for that run only. */
  enter(context) {
    if (!context) throw new Error('context must be provided for entering');
    const current = this.#storage.getStore();
    if (current === undefined) {
      this.#entered.push(context);
      return;
    }
    this.#enteredInRun.push([context, current]);
    this.#storage.enterWith(context);
  }

  exit(context) {
    if (!context) throw new Error('context must be provided for exiting');
    const index = this.#entered.lastIndexOf(context);
    if (index >= 0) {
      this.#entered.splice(index, 1);
      return;
    }
    const inRun = this.#enteredInRun.findLastIndex(([entered]) => entered === context);
    if (inRun < 0) throw new Error('context not currently entered; can’t exit');
    const [, replaced] = this.#enteredInRun[inRun];
    this.#enteredInRun.splice(inRun, 1);
    if (this.#storage.getStore() === context) this.#storage.enterWith(replaced);
  }

  bindEmitter() {
    throw new Error(
      'bindEmitter is not supported by the function bundles’ cls-hooked (infra/bundling/replaced/cls-hooked.cjs): bind each listener with ns.bind',
    );
  }

  #within(context, fn, self, args) {
    try {
      return this.#storage.run(context, () => fn.apply(self, args));
    } catch (exception) {
      if (exception) exception[ERROR_SYMBOL] = context;
      throw exception;
    }
  }
}

function getNamespace(name) {
  return namespaces[name];
}

function createNamespace(name) {
  if (!name) throw new Error('namespace must be given a name.');
  const namespace = new Namespace(name);
  namespaces[name] = namespace;
  return namespace;
}

function destroyNamespace(name) {
  if (!namespaces[name]) throw new Error(`can't delete nonexistent namespace! "${name}"`);
  delete namespaces[name];
}

function reset() {
  namespaces = Object.create(null);
}

module.exports = { getNamespace, createNamespace, destroyNamespace, reset, ERROR_SYMBOL };
