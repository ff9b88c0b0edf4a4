type HeaderBag = Record<string, unknown>;

/** A supertest / superagent response. */
export interface SupertestLikeResponse {
  status: number;
  headers: HeaderBag;
  /** Decoded body of text responses. */
  text?: string;
  /** A Buffer for binary types (superagent buffers them), else the parsed body. */
  body?: unknown;
}

/** A Fastify `app.inject()` (light-my-request) response. */
export interface InjectLikeResponse {
  statusCode: number;
  headers: HeaderBag;
  rawPayload: Buffer;
}

/** Any response already read: `{ status, headers, body }` (e.g. from fetch or node:http). */
export interface PlainTestResponse {
  status: number;
  headers: HeaderBag;
  body: Buffer | Uint8Array | string;
}

/** A response the assertion helpers understand. */
export type TestResponse = SupertestLikeResponse | InjectLikeResponse | PlainTestResponse;

/** The parts of a response the helpers compare, whatever client produced it. */
export interface NormalisedResponse {
  status: number;
  /** A header's value, several values joined by `, `; undefined when absent. */
  header(name: string): string | undefined;
  /** The body bytes; undefined when the client kept only a parsed object. */
  body: Buffer | undefined;
}

function headerValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}

function lowerCaseHeaders(headers: HeaderBag | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    const text = headerValue(value);
    if (text !== undefined) map.set(name.toLowerCase(), text);
  }
  return map;
}

function bodyOf(response: TestResponse): Buffer | undefined {
  if ('rawPayload' in response && Buffer.isBuffer(response.rawPayload)) return response.rawPayload;
  const body = (response as { body?: unknown }).body;
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  const text = (response as SupertestLikeResponse).text;
  if (typeof text === 'string') return Buffer.from(text, 'utf8');
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return undefined;
}

/** Reads a supertest, `inject()` or plain response into one shape. */
export function normaliseResponse(response: TestResponse): NormalisedResponse {
  if (response === null || typeof response !== 'object') {
    throw new TypeError(`Expected a supertest, inject() or { status, headers, body } response, got ${String(response)}`);
  }
  const status = 'statusCode' in response ? response.statusCode : (response as PlainTestResponse).status;
  const headers = lowerCaseHeaders(response.headers);
  return {
    status,
    header: (name) => headers.get(name.toLowerCase()),
    body: bodyOf(response),
  };
}

/** One line per interesting header, for failure messages. */
export function summarise(response: NormalisedResponse, names: readonly string[]): string {
  const lines = [`Response: status ${response.status}`];
  for (const name of names) {
    const value = response.header(name);
    if (value !== undefined) lines.push(`  ${name}: ${value}`);
  }
  const body = response.body;
  lines.push(`  body: ${body === undefined ? '(not buffered)' : `${body.length} bytes`}`);
  return lines.join('\n');
}
