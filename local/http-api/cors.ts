/**
 * An HTTP API's CorsConfiguration, applied the way API Gateway applies it: preflight OPTIONS requests are
 * answered by the gateway itself, even without an OPTIONS route, and the configured headers replace any CORS
 * headers the integration returns ("API Gateway ignores CORS headers returned from your backend integration").
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 */
export interface CorsConfiguration {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials: boolean;
}

/** Reads the topology's `cors` (CloudFormation's CorsConfiguration, in PascalCase or camelCase). */
export function corsConfiguration(raw: Record<string, unknown> | undefined): CorsConfiguration | undefined {
  if (!raw) return undefined;
  const read = (name: string): unknown => raw[name] ?? raw[name.charAt(0).toUpperCase() + name.slice(1)];
  const list = (name: string) => {
    const value = read(name);
    return Array.isArray(value) ? value.map(String) : [];
  };
  const maxAge = read('maxAge');
  return {
    allowOrigins: list('allowOrigins'),
    allowMethods: list('allowMethods').map((method) => method.toUpperCase()),
    allowHeaders: list('allowHeaders'),
    exposeHeaders: list('exposeHeaders'),
    ...(typeof maxAge === 'number' && { maxAge }),
    allowCredentials: read('allowCredentials') === true,
  };
}

export function isPreflight(method: string, headers: Map<string, string[]>): boolean {
  return method === 'OPTIONS' && headers.has('origin') && headers.has('access-control-request-method');
}

function allowedOrigin(cors: CorsConfiguration, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (cors.allowOrigins.includes('*')) return '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}

/** The preflight answer: 204, with the allow headers only when the origin and the method are allowed. */
export function preflightHeaders(cors: CorsConfiguration, headers: Map<string, string[]>): [string, string][] {
  const origin = allowedOrigin(cors, headers.get('origin')?.[0]);
  const method = headers.get('access-control-request-method')?.[0]?.toUpperCase() ?? '';
  if (origin === undefined || !(cors.allowMethods.includes('*') || cors.allowMethods.includes(method))) return [];
  return [
    ['access-control-allow-origin', origin],
    ['access-control-allow-methods', cors.allowMethods.join(',')],
    ...(cors.allowHeaders.length > 0 ? ([['access-control-allow-headers', cors.allowHeaders.join(',')]] as [string, string][]) : []),
    ...(cors.maxAge !== undefined ? ([['access-control-max-age', String(cors.maxAge)]] as [string, string][]) : []),
    ...(cors.allowCredentials ? ([['access-control-allow-credentials', 'true']] as [string, string][]) : []),
  ];
}

/** The integration's response headers with its CORS headers dropped and the configured ones added for an allowed origin. */
export function withCorsHeaders(cors: CorsConfiguration, requestHeaders: Map<string, string[]>, responseHeaders: [string, string][]): [string, string][] {
  const kept = responseHeaders.filter(([name]) => !name.toLowerCase().startsWith('access-control-'));
  const origin = allowedOrigin(cors, requestHeaders.get('origin')?.[0]);
  if (origin === undefined) return kept;
  return [
    ...kept,
    ['access-control-allow-origin', origin],
    ...(cors.exposeHeaders.length > 0 ? ([['access-control-expose-headers', cors.exposeHeaders.join(',')]] as [string, string][]) : []),
    ...(cors.allowCredentials ? ([['access-control-allow-credentials', 'true']] as [string, string][]) : []),
  ];
}
