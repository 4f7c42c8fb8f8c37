/**
 * Keeps a local invocation from reaching real AWS. The v3 SDK reads `AWS_ENDPOINT_URL` and talks to the local
 * endpoint, but the v2 SDK (`aws-sdk`, bundled by Lambda's nodejs16.x and older images) and hand-built URLs
 * ignore it and would call `*.amazonaws.com` with whatever credentials the machine has. Every socket the worker
 * opens goes through `net.Socket.prototype.connect` (http, https, fetch, the SDKs), so a connection to an AWS
 * host name or to the instance metadata service fails there, at once, with an error naming the host.
 */
import net from 'node:net';

/** AWS service endpoints (`sqs.us-east-1.amazonaws.com`, China's `.amazonaws.com.cn`, `*.api.aws`, `*.on.aws`). */
const AWS_HOST = /(^|\.)(amazonaws\.com(\.cn)?|api\.aws|on\.aws)\.?$/i;
/** The instance metadata service, where SDKs look for credentials when none are set. */
const METADATA_HOSTS = new Set(['169.254.169.254', 'fd00:ec2::254', '169.254.170.2']);

export const AWS_EGRESS_BLOCKED = 'ERR_LOCAL_AWS_EGRESS_BLOCKED';

export function isRealAwsHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return AWS_HOST.test(bare) || METADATA_HOSTS.has(bare);
}

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;

/** Installs the guard in this thread; `functionName` names the function in the error. */
export function installAwsEgressGuard(functionName: string): void {
  const prototype = net.Socket.prototype as unknown as { connect: Connect };
  const connect = prototype.connect;
  prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host !== undefined && isRealAwsHost(host)) {
      const error = Object.assign(
        new Error(
          `The local runtime keeps function ${functionName} from reaching real AWS (${host}): AWS calls must go to the local endpoint in AWS_ENDPOINT_URL. ` +
            'The AWS SDK for JavaScript v2 (aws-sdk) and hand-built AWS URLs ignore it: use the v3 SDK (@aws-sdk/*), or pass the endpoint explicitly.',
        ),
        { code: AWS_EGRESS_BLOCKED, host },
      );
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return connect.apply(this, args);
  };
}

/** The host of `socket.connect(options)`, `connect(port, host)` or Node's internal normalized `[options, cb]`. */
function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  const options = Array.isArray(first) ? first[0] : first;
  if (options !== null && typeof options === 'object') {
    const { host, path } = options as { host?: unknown; path?: unknown };
    if (typeof path === 'string' && path !== '') return undefined; // a Unix socket
    return typeof host === 'string' ? host : undefined;
  }
  return typeof second === 'string' ? second : undefined;
}
