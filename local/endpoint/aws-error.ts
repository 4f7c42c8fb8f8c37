import type { EndpointResponse } from './http-types.ts';

export interface AwsError {
  status: number;
  code: string;
  message: string;
}

/**
 * Sends an error in the shape the caller's protocol parses: JSON (`{ __type, message }` plus the
 * `x-amzn-errortype` header of the JSON and REST-JSON protocols), the query protocol's `ErrorResponse` XML, or REST-XML's `Error`.
 */
export function sendAwsError(res: EndpointResponse, error: AwsError, protocol: 'json' | 'xml' | 'query', extraHeaders: Record<string, string> = {}): void {
  if (protocol === 'json') {
    const body = JSON.stringify({ __type: error.code, message: error.message });
    res.writeHead(error.status, {
      ...extraHeaders,
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': error.code,
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  const inner = `<Error><Type>Sender</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>`;
  // The query protocol wraps the error in `ErrorResponse`; REST-XML (S3) does not.
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${protocol === 'query' ? `<ErrorResponse>${inner}</ErrorResponse>` : inner}`;
  res.writeHead(error.status, { ...extraHeaders, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
