/**
 * Retry timing and the classification of Teams' answers (R5.2, T16).
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * "Full jitter" (uniform in [0, min(cap, base·2^(n-1))]): many senders that failed together do not retry together,
 * which plain exponential backoff would make them do.
 */
export function fullJitterMs(attempt: number, o: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(o.capMs, o.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns the epoch ms to wait until,
 * or undefined when the header is absent or unreadable (the caller then backs off instead).
 */
export function retryAfterUntil(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const v = header.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return now + Math.round(Number(v) * 1_000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(now, date);
}

export type Outcome =
  /** 429: wait as told, pause the conversation; not a fault of the item. */
  | { kind: 'throttled'; until?: number; reason: string }
  /** Transient (412, 5xx, timeouts, network): exponential backoff with jitter. */
  | { kind: 'retry'; reason: string }
  /** 403/404: the bot was removed or blocked; retrying cannot help (R5.4). */
  | { kind: 'gone'; reason: string }
  /** Other 4xx (400, 413…): the request itself is wrong; retrying cannot help. */
  | { kind: 'poison'; reason: string };

interface HeaderBag {
  get?(name: string): string | null | undefined;
  [name: string]: unknown;
}

/** Reads the status and Retry-After from a botbuilder/core-rest-pipeline RestError (or anything shaped like one). */
export function classify(err: unknown, now: number): Outcome {
  const e = (err ?? {}) as { statusCode?: unknown; code?: unknown; message?: unknown; response?: { headers?: HeaderBag } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const reason = `${status ?? (typeof e.code === 'string' ? e.code : 'error')}: ${String(e.message ?? err).slice(0, 200)}`;
  if (status === 429) return { kind: 'throttled', until: retryAfterUntil(header(e.response?.headers, 'retry-after'), now), reason };
  if (status === 403 || status === 404) return { kind: 'gone', reason };
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 412) return { kind: 'poison', reason };
  return { kind: 'retry', reason };
}

function header(h: HeaderBag | undefined, name: string): string | undefined {
  if (!h) return undefined;
  if (typeof h.get === 'function') return h.get(name) ?? undefined;
  const v = h[name] ?? h[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}
