import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';

/** What the contract suites need from one HTTP exchange: the status, headers, raw text and parsed JSON. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  body: unknown;
  /** `METHOD path -> status body` for assertion messages. */
  describe: string;
}

export interface RequestOptions {
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as it is (no Content-Type unless given in `headers`). */
  raw?: string;
  headers?: Record<string, string>;
  /** Follow redirects? Never by default: the suites look at the 3xx itself. */
  redirect?: 'manual' | 'follow';
  timeoutMs?: number;
}

/** One request; never throws on an HTTP status, only on a network failure or timeout. */
export async function request(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  } else if (options.raw !== undefined) {
    body = options.raw;
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body,
    redirect: options.redirect ?? 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const shown = text.length > 500 ? `${text.slice(0, 500)}...` : text;
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: parsed,
    describe: `${method} ${path} -> ${response.status} ${shown}`,
  };
}

/** Asserts the status and, for JSON answers, that the Content-Type says so. */
export function expectStatus(reply: Reply, status: number): void {
  assert.equal(reply.status, status, `expected ${status}: ${reply.describe}`);
}

export function expectJson(reply: Reply, status: number): Record<string, unknown> {
  expectStatus(reply, status);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/json/i, `JSON content type: ${reply.describe}`);
  assert.ok(isObject(reply.body), `a JSON object: ${reply.describe}`);
  return reply.body;
}

/**
 * The one error shape of every service: `{"error":{"code","message"}}`, plus
 * `details` (a list of `{path, message}`) on validation_error.
 */
export function expectError(reply: Reply, status: number, code: string): void {
  const body = expectJson(reply, status);
  const error = body.error;
  assert.ok(isObject(error), `an "error" object: ${reply.describe}`);
  assert.equal(error.code, code, `error code ${code}: ${reply.describe}`);
  assert.equal(typeof error.message, 'string', `a message: ${reply.describe}`);
  assert.ok((error.message as string).length > 0, `a non-empty message: ${reply.describe}`);
  if (code === 'validation_error') {
    assert.ok(Array.isArray(error.details) && error.details.length > 0, `details on validation_error: ${reply.describe}`);
    for (const detail of error.details as unknown[]) {
      assert.ok(isObject(detail) && typeof detail.path === 'string' && typeof detail.message === 'string', `details are {path, message}: ${reply.describe}`);
    }
  }
  assert.doesNotMatch(reply.text, /\bat .+:\d+:\d+\)|Traceback|goroutine \d+/, `no stack trace: ${reply.describe}`);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short random token for names, keys and URLs no other case or run uses. */
export function unique(prefix = 'c'): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

/**
 * A client IP of its own (from the 198.18.0.0/15 benchmarking range) for `X-Forwarded-For`, so a
 * case's requests count against its own rate-limit budget (the services run with TRUST_PROXY=true).
 */
export function clientIp(): string {
  return `198.${randomInt(18, 20)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const reason = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`${what} did not happen within ${timeoutMs} ms${reason}`);
    }
    await sleep(intervalMs);
  }
}

/** An ISO-8601 timestamp with a time zone (Z or an offset). */
export function expectTimestamp(value: unknown, what: string): number {
  assert.equal(typeof value, 'string', `${what} is a string`);
  assert.match(value as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, `${what} is ISO-8601: ${String(value)}`);
  const time = Date.parse(value as string);
  assert.ok(Number.isFinite(time), `${what} parses: ${String(value)}`);
  return time;
}
