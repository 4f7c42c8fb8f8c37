import { createServer } from 'node:net';

/** The loopback address every engine listens on (DynamoDB Local and fauxqs also bind others: see README). */
export const LOOPBACK = '127.0.0.1';

/**
 * Asks the OS for a free TCP port. Needed for engines that cannot report the port they bound
 * when given 0 (DynamoDB Local); another process could take it before the engine does, so
 * callers retry on "address in use".
 */
export function findFreePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('the OS did not assign a port'))));
    });
  });
}
