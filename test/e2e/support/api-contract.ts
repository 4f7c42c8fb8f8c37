import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/** The HTTP API's contract, in the repository. */
export const OPENAPI_DOCUMENT = fileURLToPath(new URL('../../../docs/openapi.yaml', import.meta.url));

// ajv-formats is CommonJS: the default import is its `module.exports`, the plugin, which also carries
// itself as `default`, the name its types (written for `export default`) know it by under NodeNext.
const addFormats = addFormatsModule.default;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The id under which the document's `components.schemas` are registered with ajv, as `$defs`. */
const SCHEMAS_ID = 'openapi.yaml';

/** What a response is checked on. */
export interface ReceivedResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** A response that is not as docs/openapi.yaml says. */
export class ContractViolationError extends Error {
  constructor(
    readonly request: string,
    readonly violations: readonly string[],
  ) {
    super(`${request}: the response is not as docs/openapi.yaml says: ${violations.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

/** What the document says one response of one operation is. */
interface ResponseRule {
  headers: { name: string; required: boolean; validate?: ValidateFunction }[];
  /** Media type (without parameters) → body validator; absent when the response has no body. */
  content?: Map<string, ValidateFunction>;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  responses: Map<string, ResponseRule>;
}

export interface ApiContract {
  /** The parsed document. */
  readonly document: Record<string, unknown>;
  /** Every operation, as API Gateway writes route keys: `POST /orders`, `GET /orders/{orderId}`. */
  readonly routeKeys: readonly string[];
  /** What is wrong with a response to `method path` (`path` as requested, query and all); empty when it conforms. */
  violations(method: string, path: string, response: ReceivedResponse): string[];
  /**
   * Checks a fetch response (on a clone: the caller can still read the body).
   * @throws ContractViolationError naming each violation.
   */
  assertConforms(method: string, path: string, response: Response): Promise<void>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `#/components/schemas/X` → `openapi.yaml#/$defs/X`, everywhere: so ajv resolves schema refs in one registered schema. */
function rewriteSchemaRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteSchemaRefs);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/')
        ? `${SCHEMAS_ID}#/$defs/${inner.slice('#/components/schemas/'.length)}`
        : rewriteSchemaRefs(inner),
    ]),
  );
}

/** `/orders/{orderId}` → a pattern matching `/orders/<one segment>`. */
function templatePattern(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}$`);
}

const describeErrors = (where: string, errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map(
    (e) =>
      `${where}${e.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replaceAll('/', '.')}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );

/**
 * Loads the OpenAPI 3.1 document and compiles every response it declares (JSON Schema 2020-12 with
 * ajv, formats from ajv-formats), so a document whose schemas do not compile or whose references do
 * not resolve fails at load, naming the operation.
 *
 * @example
 * const contract = loadApiContract();
 * const response = await fetch(`${apiUrl}/orders/o-1`);
 * await contract.assertConforms('GET', '/orders/o-1', response); // throws ContractViolationError if it differs
 */
export function loadApiContract(file = OPENAPI_DOCUMENT): ApiContract {
  const document = parse(readFileSync(file, 'utf8')) as Json;
  if (typeof document['openapi'] !== 'string' || !/^3\.1\.\d+$/.test(document['openapi'])) {
    throw new Error(`${file}: expected an OpenAPI 3.1 document, got openapi: ${JSON.stringify(document['openapi'])}`);
  }
  const components = (document['components'] ?? {}) as Json;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: rewriteSchemaRefs(components['schemas'] ?? {}) });

  /** Follows a `$ref` to `#/components/<kind>/<name>` (responses, headers). */
  const resolve = (value: unknown, where: string): Json => {
    if (!isObject(value)) throw new Error(`${file}: ${where} is not an object`);
    const ref = value['$ref'];
    if (typeof ref !== 'string') return value;
    const [, kind, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref) ?? [];
    const target = kind && name ? ((components[kind] ?? {}) as Json)[name] : undefined;
    if (target === undefined) throw new Error(`${file}: ${where}: $ref ${ref} does not resolve`);
    return resolve(target, ref);
  };
  const compile = (schema: unknown, where: string): ValidateFunction => {
    try {
      return ajv.compile(rewriteSchemaRefs(schema) as Json);
    } catch (error) {
      throw new Error(`${file}: ${where}: the schema does not compile: ${(error as Error).message}`);
    }
  };

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries((document['paths'] ?? {}) as Json)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const where = `${method.toUpperCase()} ${template}`;
      const responses = new Map<string, ResponseRule>();
      for (const [status, declared] of Object.entries((operation['responses'] ?? {}) as Json)) {
        const response = resolve(declared, `${where} ${status}`);
        const headers = Object.entries((response['headers'] ?? {}) as Json).map(([name, header]) => {
          const resolved = resolve(header, `${where} ${status} header ${name}`);
          return {
            name,
            required: resolved['required'] === true,
            ...(resolved['schema'] === undefined ? {} : { validate: compile(resolved['schema'], `${where} ${status} header ${name}`) }),
          };
        });
        const content = isObject(response['content'])
          ? new Map(
              Object.entries(response['content']).map(([mediaType, media]) => [
                mediaType,
                compile((media as Json)['schema'] ?? {}, `${where} ${status} ${mediaType}`),
              ]),
            )
          : undefined;
        responses.set(status, { headers, ...(content ? { content } : {}) });
      }
      operations.push({ method: method.toUpperCase(), template, pattern: templatePattern(template), responses });
    }
  }

  function violations(method: string, path: string, response: ReceivedResponse): string[] {
    const pathname = path.split('?')[0] ?? path;
    const operation = operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(pathname));
    if (!operation) return [`no operation ${method.toUpperCase()} matches ${pathname}`];
    const rule = operation.responses.get(String(response.status)) ?? operation.responses.get('default');
    if (!rule)
      return [
        `status ${response.status} is not documented for ${operation.method} ${operation.template} (documented: ${[...operation.responses.keys()].join(', ')})`,
      ];

    const problems: string[] = [];
    for (const header of rule.headers) {
      const value = response.headers.get(header.name);
      if (value === null) {
        if (header.required) problems.push(`header ${header.name}: required, absent`);
      } else if (header.validate && !header.validate(value)) {
        problems.push(...describeErrors(`header ${header.name}`, header.validate.errors));
      }
    }
    if (!rule.content) {
      if (response.body !== '') problems.push(`body: none documented, got ${JSON.stringify(response.body.slice(0, 100))}`);
      return problems;
    }
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const validate = rule.content.get(mediaType);
    if (!validate) return [...problems, `content-type: expected ${[...rule.content.keys()].join(' or ')}, got ${JSON.stringify(mediaType)}`];
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [...problems, `body: not JSON: ${JSON.stringify(response.body.slice(0, 100))}`];
    }
    if (!validate(body)) problems.push(...describeErrors('body', validate.errors));
    return problems;
  }

  return {
    document,
    routeKeys: operations.map((o) => `${o.method} ${o.template}`),
    violations,
    async assertConforms(method, path, response) {
      const body = await response.clone().text();
      const found = violations(method, path, { status: response.status, headers: response.headers, body });
      if (found.length > 0) throw new ContractViolationError(`${method.toUpperCase()} ${path} → ${response.status}`, found);
    },
  };
}
