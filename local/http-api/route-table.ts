import type { HttpApiSpec } from '../topology/types.ts';
import { HTTP_METHODS } from './constants.ts';
import { HttpApiConfigError } from './errors.ts';

export type HttpApiRoute = HttpApiSpec['routes'][number];

type Segment = { kind: 'static'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface CompiledRoute {
  api: HttpApiSpec;
  route: HttpApiRoute;
  /** `ANY` for `$default`. */
  method: string;
  /** The route's path, `$default` for the default route. */
  path: string;
  segments: Segment[];
  isDefault: boolean;
  greedy: boolean;
}

export interface RouteMatch {
  compiled: CompiledRoute;
  pathParameters: Record<string, string>;
}

/**
 * Routes compiled once and matched the way HTTP APIs select a route: a full match of path and method first
 * (a static segment beats a path variable), then a route with a greedy `{proxy+}` variable (the longest
 * static prefix wins), then `$default`. For the same path, a route with the request's method beats `ANY`,
 * which "matches all methods that you haven't defined for a resource".
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html#http-api-develop-routes.evaluation
 */
export class RouteTable {
  readonly routes: readonly CompiledRoute[];

  constructor(apis: readonly HttpApiSpec[]) {
    const routes: CompiledRoute[] = [];
    const owners = new Map<string, string>();
    for (const api of apis) {
      for (const route of api.routes) {
        const compiled = compileRoute(api, route);
        const key = compiled.isDefault ? '$default' : `${compiled.method} ${compiled.segments.map(shapeOf).join('/')}`;
        const owner = owners.get(key);
        if (owner !== undefined) {
          throw new HttpApiConfigError(api.name, `route ${route.routeKey} is also served by ${owner}; the local server serves every API on one port`);
        }
        owners.set(key, `${api.name} (${route.routeKey})`);
        routes.push(compiled);
      }
    }
    this.routes = routes;
  }

  match(method: string, path: string): RouteMatch | undefined {
    const requestSegments = path.split('/').slice(1);
    let best: { match: RouteMatch; rank: number[] } | undefined;
    for (const compiled of this.routes) {
      if (compiled.method !== 'ANY' && compiled.method !== method) continue;
      const pathParameters = compiled.isDefault ? {} : matchSegments(compiled.segments, requestSegments);
      if (!pathParameters) continue;
      const rank = rankOf(compiled);
      if (!best || compareRanks(rank, best.rank) > 0) best = { match: { compiled, pathParameters }, rank };
    }
    return best?.match;
  }
}

/** Whatever the method, does some route other than `$default` take this path? */
export function routeForPath(table: RouteTable, path: string): CompiledRoute | undefined {
  const requestSegments = path.split('/').slice(1);
  return table.routes.find((compiled) => !compiled.isDefault && matchSegments(compiled.segments, requestSegments));
}

function compileRoute(api: HttpApiSpec, route: HttpApiRoute): CompiledRoute {
  if (route.routeKey === '$default') {
    return { api, route, method: 'ANY', path: '$default', segments: [], isDefault: true, greedy: false };
  }
  const match = /^(\S+) (\/\S*)$/.exec(route.routeKey);
  if (!match) throw new HttpApiConfigError(api.name, `route key ${JSON.stringify(route.routeKey)} is not "$default" or "<METHOD> /<path>"`);
  const [, method = '', path = ''] = match;
  if (method !== 'ANY' && !(HTTP_METHODS as readonly string[]).includes(method)) {
    throw new HttpApiConfigError(api.name, `route key ${JSON.stringify(route.routeKey)}: method ${method} is not ANY or one of ${HTTP_METHODS.join(', ')}`);
  }
  const segments = path
    .split('/')
    .slice(1)
    .map((text, index, all): Segment => {
      const variable = /^\{([^{}+]+)(\+?)\}$/.exec(text);
      if (!variable) {
        if (/[{}]/.test(text))
          throw new HttpApiConfigError(api.name, `route key ${JSON.stringify(route.routeKey)}: segment ${JSON.stringify(text)} is not a path variable`);
        return { kind: 'static', value: text };
      }
      const name = variable[1] ?? '';
      if (variable[2] === '+') {
        if (index !== all.length - 1) {
          throw new HttpApiConfigError(
            api.name,
            `route key ${JSON.stringify(route.routeKey)}: the greedy path variable {${name}+} must be at the end of the path`,
          );
        }
        return { kind: 'greedy', name };
      }
      return { kind: 'param', name };
    });
  return { api, route, method, path, segments, isDefault: false, greedy: segments.at(-1)?.kind === 'greedy' };
}

const shapeOf = (segment: Segment) => (segment.kind === 'static' ? segment.value : segment.kind === 'param' ? '{}' : '{+}');

function matchSegments(segments: readonly Segment[], request: readonly string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'greedy') {
      // A greedy variable takes one or more segments: `/pets/{proxy+}` does not match `/pets` or `/pets/`.
      const rest = request.slice(index).join('/');
      if (rest === '') return undefined;
      parameters[segment.name] = rest;
      return parameters;
    }
    const value = request[index];
    if (value === undefined) return undefined;
    if (segment.kind === 'static' && segment.value !== value) return undefined;
    if (segment.kind === 'param') {
      if (value === '') return undefined;
      parameters[segment.name] = value;
    }
  }
  return segments.length === request.length ? parameters : undefined;
}

/**
 * Larger is more specific: tier (full match 2, greedy 1, `$default` 0), then segment by segment (static 2,
 * variable 1, greedy 0; a longer static prefix outranks a shorter one), then a specific method over ANY.
 */
function rankOf(compiled: CompiledRoute): number[] {
  const tier = compiled.isDefault ? 0 : compiled.greedy ? 1 : 2;
  const segments = compiled.segments.map((segment) => (segment.kind === 'static' ? 2 : segment.kind === 'param' ? 1 : 0));
  return [tier, ...segments, ...Array<number>(Math.max(0, 64 - segments.length)).fill(-1), compiled.method === 'ANY' ? 0 : 1];
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? -1) - (b[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
