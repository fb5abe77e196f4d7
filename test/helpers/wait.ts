/**
 * Waits until `find` returns something (a value, or true): for what the bot does after the turn answered — outbox
 * deliveries, background notices, follow-ups. Throws, naming `what`, when it has not happened in time.
 */
export async function waitFor<T>(find: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'the condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await find();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
