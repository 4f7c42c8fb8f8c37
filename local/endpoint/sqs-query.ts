/**
 * SQS's query protocol (form-encoded `Action=…` requests, XML answers), used by older SDKs and tools, translated to
 * the JSON protocol fauxqs speaks and back, for the actions below. Shapes follow the SQS API reference:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/sqs-api-responses.html
 */
export const QUERY_ACTIONS = new Set([
  'CreateQueue',
  'GetQueueUrl',
  'ListQueues',
  'DeleteQueue',
  'PurgeQueue',
  'GetQueueAttributes',
  'SetQueueAttributes',
  'SendMessage',
  'ReceiveMessage',
  'DeleteMessage',
  'ChangeMessageVisibility',
]);

/** `AttributeName.1=All` → `AttributeNames: ['All']`. */
const LIST_PARAMS: Record<string, string> = {
  AttributeName: 'AttributeNames',
  MessageAttributeName: 'MessageAttributeNames',
  MessageSystemAttributeName: 'MessageSystemAttributeNames',
};

const NUMBER_PARAMS = new Set(['DelaySeconds', 'MaxNumberOfMessages', 'WaitTimeSeconds', 'VisibilityTimeout', 'MaxResults']);

const SQS_XMLNS = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** The JSON input of a query request: lists and maps rebuilt from their numbered parameters. */
export function queryToJson(params: URLSearchParams): { action: string; input: Record<string, unknown> } {
  const input: Record<string, unknown> = {};
  const entries = new Map<string, Map<string, Record<string, string>>>();
  for (const [name, value] of params) {
    if (name === 'Action' || name === 'Version') continue;
    const numbered = /^(Attribute|MessageAttribute|Tag|AttributeName|MessageAttributeName|MessageSystemAttributeName)\.(\d+)(?:\.(.+))?$/.exec(name);
    if (!numbered) {
      input[name] = NUMBER_PARAMS.has(name) ? Number(value) : value;
      continue;
    }
    const [, base, index, field] = numbered as unknown as [string, string, string, string | undefined];
    if (field === undefined) {
      const listName = LIST_PARAMS[base]!;
      ((input[listName] ??= []) as string[])[Number(index) - 1] = value;
      continue;
    }
    const group = entries.get(base) ?? new Map<string, Record<string, string>>();
    entries.set(base, group);
    const entry = group.get(index) ?? {};
    group.set(index, entry);
    entry[field] = value;
  }
  for (const [base, group] of entries) {
    const map: Record<string, unknown> = {};
    for (const entry of group.values()) {
      if (base === 'Tag') map[entry['Key'] ?? ''] = entry['Value'] ?? '';
      else if (base === 'Attribute') map[entry['Name'] ?? ''] = entry['Value'] ?? '';
      else {
        // MessageAttribute.N.Value.DataType / .StringValue / .BinaryValue
        const value: Record<string, string> = {};
        for (const [field, text] of Object.entries(entry)) if (field.startsWith('Value.')) value[field.slice('Value.'.length)] = text;
        map[entry['Name'] ?? ''] = value;
      }
    }
    input[base === 'Tag' ? 'tags' : `${base}s`] = map;
  }
  return { action: params.get('Action') ?? '', input };
}

/** The XML answer of a query request from the JSON protocol's output. */
export function jsonToQueryXml(action: string, output: Record<string, unknown>, requestId: string): string {
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${SQS_XMLNS}"><${action}Result>${members(output)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** Lists are flattened under their member's name; maps become `<Name>`/`<Value>` entries. */
const LIST_MEMBERS: Record<string, string> = { QueueUrls: 'QueueUrl', Messages: 'Message' };
const MAP_MEMBERS: Record<string, string> = { Attributes: 'Attribute', MessageAttributes: 'MessageAttribute' };

function members(output: Record<string, unknown>): string {
  return Object.entries(output)
    .map(([name, value]) => {
      if (value === undefined || value === null) return '';
      const listMember = LIST_MEMBERS[name];
      if (listMember && Array.isArray(value)) return value.map((item) => element(listMember, item)).join('');
      const mapMember = MAP_MEMBERS[name];
      if (mapMember && typeof value === 'object') {
        return Object.entries(value as Record<string, unknown>)
          .map(([key, entry]) => `<${mapMember}><Name>${escapeXml(key)}</Name>${element('Value', entry)}</${mapMember}>`)
          .join('');
      }
      return element(name, value);
    })
    .join('');
}

function element(name: string, value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return `<${name}>${members(value as Record<string, unknown>)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * A JSON-protocol error as the query protocol sends it. SQS's JSON errors carry the query code in
 * `x-amzn-query-error` (`AWS.SimpleQueueService.NonExistentQueue;Sender`), as its `awsQueryCompatible` trait says.
 */
export function queryErrorXml(body: string, queryError: string | undefined, requestId: string): string {
  let code = 'InternalFailure';
  let message = body;
  try {
    const parsed = JSON.parse(body) as { __type?: string; message?: string; Message?: string };
    code = parsed.__type?.split('#').pop() ?? code;
    message = parsed.message ?? parsed.Message ?? '';
  } catch {
    // Not JSON: the text itself is the message.
  }
  const [queryCode, type] = queryError?.split(';') ?? [];
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${SQS_XMLNS}"><Error><Type>${escapeXml(type ?? 'Sender')}</Type><Code>${escapeXml(queryCode ?? code)}</Code>` +
    `<Message>${escapeXml(message)}</Message><Detail/></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}

const escapeXml = (text: string) => text.replace(/[<>&'"\r]/g, (c) => `&#${c.charCodeAt(0)};`);
