import { PREDEFINED_VARIABLES } from './constants.ts';
import { compileJsonPath, type JsonPath, type PathResult } from './json-path.ts';
import type { EventEnvelope } from './types.ts';

/** What an input template knows besides the event: the rule it belongs to and when the event arrived. */
export interface TemplateContext {
  ruleArn: string;
  ruleName: string;
  /** ISO-8601, when EventBridge received the event. */
  ingestionTime: string;
}

/** A template whose placeholders name no variable (AWS refuses it in PutTargets). */
export class InvalidPlaceholderError extends Error {
  override readonly name = 'InvalidPlaceholderError';

  constructor(readonly placeholder: string) {
    super(`InputTemplate contains invalid placeholder ${placeholder}.`);
  }
}

/** The transformed input, or why there is none: a JSON template that did not give valid JSON. */
export type TemplateResult = { ok: true; text: string } | { ok: false; message: string };

export type InputTemplate = (event: EventEnvelope, context: TemplateContext) => TemplateResult;

type Segment = string | { name: string; quoted: boolean };

const PLACEHOLDER = /<([^<>]*)>/g;
const PREDEFINED = new Set<string>(Object.values(PREDEFINED_VARIABLES));

/**
 * Compiles an input transformer (`InputPathsMap` + `InputTemplate`) once, as EventBridge applies it
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html and the API's
 * InputTransformer page):
 *
 * - A template starting with `{` is a JSON template: a placeholder outside quotes becomes the value as JSON; inside
 *   quotes, its text. Values are not escaped ("EventBridge doesn't escape values extracted by Input Path"), so a
 *   quoted object or a string holding `"` breaks the JSON, and the event is not delivered (`INVALID_JSON`).
 * - Any other template is text, delivered as written (a string template keeps its quotes): strings go in as they
 *   are, objects and arrays as JSON with their quotes removed (`{acc_id:1,sf_id:baz}`, `[HIGH]`).
 * - A path that matches nothing gives an empty value (`""` outside quotes in a JSON template).
 * - Predefined variables: `<aws.events.rule-arn>`, `<aws.events.rule-name>`, `<aws.events.event.ingestion-time>`,
 *   `<aws.events.event>` (the envelope without `detail`, `detail-type` as `detailType`) and
 *   `<aws.events.event.json>` (the whole event).
 *
 * @throws InvalidPlaceholderError for a placeholder that is neither in `InputPathsMap` nor predefined.
 * @throws JsonPathSyntaxError for a path EventBridge would not evaluate.
 */
export function compileInputTemplate(template: string, inputPathsMap: Record<string, string> = {}): InputTemplate {
  const paths = new Map<string, JsonPath>(Object.entries(inputPathsMap).map(([name, path]) => [name, compileJsonPath(path)]));
  const segments = split(template);
  for (const segment of segments) {
    if (typeof segment !== 'string' && !paths.has(segment.name) && !PREDEFINED.has(segment.name)) throw new InvalidPlaceholderError(segment.name);
  }
  const json = template.trimStart().startsWith('{');

  return (event, context) => {
    const values = new Map<string, PathResult>();
    const valueAt = (name: string): PathResult => {
      let result = values.get(name);
      if (!result) {
        result = paths.get(name)?.(event) ?? predefined(name, event, context);
        values.set(name, result);
      }
      return result;
    };
    const text = segments.map((segment) => (typeof segment === 'string' ? segment : render(valueAt(segment.name), segment.quoted, json))).join('');
    if (!json) return { ok: true, text };
    try {
      JSON.parse(text);
      return { ok: true, text };
    } catch (error) {
      return { ok: false, message: `InputTemplate did not produce valid JSON (${error instanceof Error ? error.message : String(error)}): ${text}` };
    }
  };
}

/** Splits a template into literal text and placeholders, noting which placeholders sit inside a JSON string. */
function split(template: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const at = match.index;
    if (at > last) segments.push(template.slice(last, at));
    segments.push({ name: match[1]!, quoted: insideString(template, at) });
    last = at + match[0].length;
  }
  if (last < template.length) segments.push(template.slice(last));
  return segments;
}

/** Whether position `at` of `text` lies inside a double-quoted string (escaped quotes do not count). */
function insideString(text: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') inside = !inside;
  }
  return inside;
}

function render(result: PathResult, quoted: boolean, json: boolean): string {
  if (!result.found) return json && !quoted ? '""' : '';
  const { value } = result;
  if (typeof value === 'string') return json && !quoted ? JSON.stringify(value) : value;
  if (value !== null && typeof value === 'object') return json ? JSON.stringify(value) : JSON.stringify(value).replaceAll('"', '');
  return JSON.stringify(value);
}

function predefined(name: string, event: EventEnvelope, context: TemplateContext): PathResult {
  switch (name) {
    case PREDEFINED_VARIABLES.ruleArn:
      return { found: true, value: context.ruleArn };
    case PREDEFINED_VARIABLES.ruleName:
      return { found: true, value: context.ruleName };
    case PREDEFINED_VARIABLES.ingestionTime:
      return { found: true, value: context.ingestionTime };
    case PREDEFINED_VARIABLES.event:
      return { found: true, value: eventWithoutDetail(event) };
    case PREDEFINED_VARIABLES.eventJson:
      return { found: true, value: event };
    default:
      return { found: false };
  }
}

/** `<aws.events.event>`: the envelope without `detail`, with `detailType`, in the key order AWS sends. */
function eventWithoutDetail(event: EventEnvelope): Record<string, unknown> {
  return {
    id: event.id,
    account: event.account,
    detailType: event['detail-type'],
    time: event.time,
    source: event.source,
    region: event.region,
    resources: event.resources,
    version: event.version,
  };
}
