import { Server } from 'node:net';
import { LOOPBACK } from './free-port.ts';

/** Hosts that mean "every interface" to `net.Server#listen` (absent included). */
const WILDCARD_HOSTS = new Set([undefined, '', '0.0.0.0', '::']);

let active = 0;
let original: Server['listen'] | undefined;

/**
 * Runs `start` with every `listen` on all interfaces made on loopback instead, and puts `net.Server#listen` back once
 * it settles. For in-process engines that hard-code their address: fauxqs 2.4 listens on `0.0.0.0` whatever it is told
 * (`app.listen({ port, host: "0.0.0.0" })` in its app.js), which would expose the app's queues and buckets to the
 * network. Only listens given a wildcard host or none are changed, and only while an engine starts; calls may overlap.
 */
export async function withLoopbackListens<T>(start: () => Promise<T>): Promise<T> {
  if (active++ === 0) {
    const listen = Server.prototype.listen;
    original = listen;
    Server.prototype.listen = function (this: Server, ...args: unknown[]) {
      const [first] = args;
      if (typeof first === 'object' && first !== null && !('path' in first) && WILDCARD_HOSTS.has((first as { host?: string }).host)) {
        args[0] = { ...first, host: LOOPBACK };
      } else if (typeof first === 'number') {
        // listen(port, host?, backlog?, callback?)
        if (typeof args[1] !== 'string') args.splice(1, 0, LOOPBACK);
        else if (WILDCARD_HOSTS.has(args[1])) args[1] = LOOPBACK;
      }
      return listen.apply(this, args as Parameters<Server['listen']>);
    } as Server['listen'];
  }
  try {
    return await start();
  } finally {
    if (--active === 0 && original) {
      Server.prototype.listen = original;
      original = undefined;
    }
  }
}
