/** Response helpers shared by the route files. */
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { armError } from './arm-shapes';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Real ARM stamps every response with its own ids; the bot records them in the audit (R2.5), so the
 * emulator sends a fresh GUID for each, never a constant a test could pass by accident.
 */
export function armRequestIds(): Record<string, string> {
  return { 'x-ms-request-id': randomUUID(), 'x-ms-correlation-request-id': randomUUID() };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'x-ms-response-type': status >= 400 ? 'error' : 'standard',
    ...armRequestIds(),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Length': '0', 'x-ms-response-type': 'standard', ...armRequestIds(), ...headers });
  res.end();
}

export function sendArmError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, armError(code, message), { 'x-ms-error-code': code, ...headers });
}

/** Reads a JSON body; an empty body is `{}` because SDKs send none for actions such as cancel. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'RequestEntityTooLarge', 'Request body is too large.');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
  }
}

/** Thrown by handlers to answer with the ARM envelope; the server turns it into a response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
