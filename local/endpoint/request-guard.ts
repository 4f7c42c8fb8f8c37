import type { AwsError } from './aws-error.ts';
import { header } from './detect-service.ts';
import type { EndpointRequest } from './http-types.ts';

/**
 * The header every state-changing local-only request (`POST /_eventful/…`) must carry. A web page can make the
 * developer's browser send a form or a simple `fetch` to the endpoint, but not with a custom header: a cross-origin
 * request with one needs a CORS preflight, which the endpoint never grants. `eventful fire` sends it.
 */
export const ADMIN_REQUEST_HEADER = 'x-eventful-admin';

/**
 * Whether `host` (a `Host` or `:authority` value) names this machine's loopback at `port`: `localhost` and its
 * subdomains (RFC 6761 reserves them to loopback: no DNS answer can move them elsewhere), `127.0.0.0/8` and `[::1]`.
 * Any other name, even one that resolves to 127.0.0.1, is how a DNS-rebinding page reaches a local server, and is
 * refused. The port must be the server's: a browser always sends it for a port other than 80.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const match = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  const [, name = '', portText] = match;
  if (Number(portText ?? '80') !== port) return false;
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(name);
}

/**
 * Refuses what a web page in the developer's browser could send to a local server: a `Host` that is not loopback at
 * this port (DNS rebinding), an `Origin` other than the endpoint's own (a cross-site form or `fetch`), and a request
 * the browser itself marks as coming from another site (`Sec-Fetch-Site`, sent on every request, `<img>` included).
 * Clients that are not browsers send no `Origin` or `Sec-Fetch-Site` and pass.
 */
export function refuseForeignRequest(req: EndpointRequest, port: number): AwsError | undefined {
  const host = header(req.headers, 'host') ?? header(req.headers, ':authority');
  if (!isLoopbackHost(host, port)) {
    return refused(
      `Host '${host ?? '(none)'}' is not this machine's loopback at port ${port}: the local endpoint answers only requests addressed to localhost, 127.0.0.1 or [::1] (a DNS-rebinding page sends its own name)`,
    );
  }
  const origin = header(req.headers, 'origin');
  if (origin !== undefined && !isSameOrigin(origin, port)) {
    return refused(`Origin '${origin}' is another site: the local endpoint does not serve web pages (no CORS), so a browser request from a page is refused`);
  }
  const site = header(req.headers, 'sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') {
    return refused(`Sec-Fetch-Site '${site}': the browser says this request comes from another page, and the local endpoint serves none`);
  }
  return undefined;
}

function isSameOrigin(origin: string, port: number): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // `null` (a sandboxed frame, a file:// page, a redirect) or garbage: no page of ours.
    return false;
  }
  return url.protocol === 'http:' && isLoopbackHost(url.host, port);
}

/**
 * Whether a request carries what AWS requires of one: a SigV4 (or, for S3, SigV2) `Authorization` header, or a
 * presigned URL's query. Signatures are not verified (any credentials work locally), but their shape is required, so
 * a request a web page could forge without credentials is not taken for an SDK's.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
export function hasAwsSignature(req: EndpointRequest): boolean {
  const authorization = header(req.headers, 'authorization');
  if (authorization !== undefined) return SIGV4_HEADER.test(authorization) || SIGV2_HEADER.test(authorization);
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  if (query < 0) return false;
  const params = new URLSearchParams(url.slice(query + 1));
  const has = (...names: string[]) => names.every((name) => (params.get(name) ?? '') !== '');
  return (
    (params.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && has('X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature')) ||
    has('AWSAccessKeyId', 'Signature', 'Expires')
  );
}

// HTTP/2 requests sign the `:authority` pseudo-header too (the SDK's Kinesis client).
const SIGV4_HEADER = /^AWS4-HMAC-SHA256 Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/[^/,\s]+\/aws4_request, ?SignedHeaders=[a-z0-9;:_.-]+, ?Signature=[0-9a-f]{64}$/i;
const SIGV2_HEADER = /^AWS [^:\s]+:\S+$/;

/**
 * The fields an S3 browser-form upload (`POST /<bucket>` with `multipart/form-data`) must carry besides the file: a
 * policy and its signature, SigV4 or SigV2. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTForms.html
 */
export function hasSignedPostPolicy(fieldNames: ReadonlySet<string>): boolean {
  const has = (...names: string[]) => names.every((name) => fieldNames.has(name));
  return has('policy') && (has('x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature') || has('awsaccesskeyid', 'signature'));
}

/** AWS's answer to a request without credentials, in the protocol's words: S3's `AccessDenied`, the JSON services' token error. */
export function missingAuthentication(service: string, protocol: 'json' | 'query' | 'xml'): AwsError {
  if (service === 's3')
    return {
      status: 403,
      code: 'AccessDenied',
      message: 'Access Denied: the request is not signed (AWS Signature Version 4 header, presigned URL, or a signed POST policy)',
    };
  const code = protocol === 'query' ? 'MissingAuthenticationToken' : 'MissingAuthenticationTokenException';
  return { status: 403, code, message: 'Missing Authentication Token: sign the request as the AWS SDKs and the AWS CLI do (any credentials work locally)' };
}

function refused(message: string): AwsError {
  return { status: 403, code: 'AccessDenied', message };
}
