import { createServer } from 'node:net';

/** A port the runtime needs is taken: said before any engine starts, naming what the port is for. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly purpose: string,
  ) {
    super(`port ${port} (${purpose}) is in use: stop what listens there or choose another port`);
  }
}

/** Binds `port` on 127.0.0.1 and releases it: the port it got (a free one for 0), or PortInUseError. */
export function reservePort(port: number, purpose: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, purpose) : error));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error(`no port for ${purpose}`))));
    });
  });
}
