import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngines, type Engines } from '../../engines/start-engines.ts';

/**
 * The local addresses of the sockets listening on `port`, read from the kernel's tables (Linux): what the engine
 * really bound, whatever it reports. IPv4 addresses are little-endian hex (`0100007F` is 127.0.0.1).
 */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A: LISTEN
      const [hex = '', portHex = ''] = local.split(':');
      if (Number.parseInt(portHex, 16) !== port) continue;
      // An IPv4-mapped IPv6 socket (::ffff:127.0.0.1, how Java binds) is the IPv4 address in its last 32-bit word.
      const ipv4 = hex.length === 8 ? hex : /^0{16}FFFF0000([0-9A-F]{8})$/i.exec(hex)?.[1];
      addresses.push(
        ipv4
          ? (ipv4.match(/../g) ?? [])
              .reverse()
              .map((byte) => Number.parseInt(byte, 16))
              .join('.')
          : `ipv6:${hex}`,
      );
    }
  }
  return addresses;
}

/** One address of this machine that is not loopback, if it has one: what a neighbour on the network would connect to. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address;

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('every engine is reachable from loopback only', () => {
  let engines: Engines;
  const ports = () => ({
    dynamodb: Number(new URL(engines.dynamodb.endpoint).port),
    kinesis: Number(new URL(engines.kinesis.endpoint).port),
    'sqs-s3': Number(new URL(engines.sqs.endpoint).port),
  });

  beforeAll(async () => {
    engines = await startEngines();
  }, 60_000);

  afterAll(async () => {
    await engines?.stop();
  });

  it.runIf(process.platform === 'linux').each(['dynamodb', 'kinesis', 'sqs-s3'] as const)('%s listens on 127.0.0.1 and nowhere else', (engine) => {
    // Act
    const addresses = listeningAddresses(ports()[engine]);

    // Assess
    expect(addresses).toEqual(['127.0.0.1']);
  });

  it.runIf(externalAddress !== undefined).each(['dynamodb', 'kinesis', 'sqs-s3'] as const)(
    "%s refuses a connection to the machine's network address",
    async (engine) => {
      // Act
      const reachable = await connects(externalAddress!, ports()[engine]);

      // Assess
      expect(reachable).toBe(false);
      expect(await connects('127.0.0.1', ports()[engine])).toBe(true);
    },
  );
});

describe('the DynamoDB Local launcher (local/engines/java)', () => {
  const launcherDir = fileURLToPath(new URL('../../engines/java/', import.meta.url));
  const hasJdk = spawnSync('javac', ['-version']).status === 0;

  it.runIf(hasJdk)('is the compiled form of its source, so what runs is what is reviewed', () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'launcher-'));
    const disassemble = (dir: string) => spawnSync('javap', ['-c', '-p', '-cp', dir, 'LoopbackDynamoDbLocal'], { encoding: 'utf8' }).stdout;

    // Act
    const compiled = spawnSync('javac', ['--release', '17', '-d', out, join(launcherDir, 'LoopbackDynamoDbLocal.java')], { encoding: 'utf8' });

    // Assess
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(disassemble(launcherDir)).toBe(disassemble(out));
    rmSync(out, { recursive: true, force: true });
  });
});
