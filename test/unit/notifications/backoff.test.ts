import { classify, fullJitterMs, retryAfterUntil } from '../../../src/notifications/delivery/backoff';

describe('full-jitter backoff', () => {
  const o = { baseMs: 1_000, capMs: 300_000 };
  it('grows exponentially up to the cap', () => {
    const max = (n: number): number => fullJitterMs(n, o, () => 0.999999);
    expect(max(1)).toBe(999);
    expect(max(2)).toBe(1_999);
    expect(max(5)).toBe(15_999);
    expect(max(9)).toBe(255_999);
    expect(max(10)).toBe(299_999);
    expect(max(50)).toBe(299_999);
  });
  it('is spread over [0, ceiling)', () => {
    expect(fullJitterMs(3, o, () => 0)).toBe(0);
    expect(fullJitterMs(3, o, () => 0.5)).toBe(2_000);
    const samples = Array.from({ length: 200 }, () => fullJitterMs(4, o));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(8_000);
    expect(new Set(samples).size).toBeGreaterThan(50);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(retryAfterUntil('3', now)).toBe(now + 3_000);
    expect(retryAfterUntil(' 0.5 ', now)).toBe(now + 500);
  });
  it('reads an HTTP date', () => {
    expect(retryAfterUntil('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(now + 10_000);
    expect(retryAfterUntil('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(now);
  });
  it('ignores absent or unreadable values', () => {
    expect(retryAfterUntil(undefined, now)).toBeUndefined();
    expect(retryAfterUntil('soon', now)).toBeUndefined();
  });
});

describe('classify', () => {
  const now = 1_000_000;
  const rest = (statusCode: number, headers: Record<string, string> = {}): unknown => ({
    statusCode, message: 'x', response: { headers: { get: (n: string) => headers[n.toLowerCase()] } },
  });
  it('429 with Retry-After is a throttle until then', () => {
    expect(classify(rest(429, { 'retry-after': '2' }), now)).toMatchObject({ kind: 'throttled', until: now + 2_000 });
    expect(classify(rest(429), now)).toMatchObject({ kind: 'throttled', until: undefined });
  });
  it('412, 5xx, timeouts and network errors are retried', () => {
    for (const s of [408, 412, 500, 502, 503, 504]) expect(classify(rest(s), now).kind).toBe('retry');
    expect(classify(Object.assign(new Error('t'), { code: 'TIMEOUT' }), now).kind).toBe('retry');
    expect(classify(new Error('ECONNRESET'), now).kind).toBe('retry');
  });
  it('403 and 404 mean the conversation is gone; other 4xx are poison', () => {
    expect(classify(rest(403), now).kind).toBe('gone');
    expect(classify(rest(404), now).kind).toBe('gone');
    expect(classify(rest(400), now).kind).toBe('poison');
    expect(classify(rest(413), now).kind).toBe('poison');
  });
  it('reads plain header objects too', () => {
    expect(classify({ statusCode: 429, response: { headers: { 'retry-after': '1' } } }, now)).toMatchObject({ until: now + 1_000 });
  });
});
