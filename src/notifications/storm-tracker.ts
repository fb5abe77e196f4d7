import { z } from 'zod';
import { keyOf } from '../conversations/conversation-store';
import { ExpiryIndex } from '../storage/expiry-index';
import { hashed } from '../storage/layouts';
import { Collection, Store } from '../storage/store';

const child = z.object({ name: z.string(), status: z.string(), headline: z.string().optional() });
/** windowEnd: written since rows expire; a row carries its own end, as trackers with different windows share the table. */
const stormSchema = z.object({ windowStart: z.string(), windowEnd: z.string().optional(), children: z.array(child) });
export type StormChild = z.infer<typeof child>;

/**
 * Counts child failures per parent (pipeline or sweep) in a sliding window. Past the threshold
 * the notifier sends one digest for the parent instead of a card per child. A window's row is useless once the
 * window is over: each new window leaves an expiry hint for its end, and the sweeper deletes the row then.
 */
export class StormTracker {
  private readonly col: Collection<z.infer<typeof stormSchema>>;
  private readonly index: ExpiryIndex;

  constructor(store: Store, private readonly now: () => Date, private readonly threshold = 5, private readonly windowMs = 15 * 60_000) {
    this.col = store.collection('storms', (raw) => stormSchema.parse(raw), hashed);
    this.index = new ExpiryIndex(store);
  }

  async record(workspace: string, parent: string, c: StormChild): Promise<{ digest: boolean; children: StormChild[] }> {
    const key = keyOf(`${workspace}|${parent}`);
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = await this.col.get(key);
      const now = this.now();
      const fresh = !cur || now.getTime() - new Date(cur.value.windowStart).getTime() > this.windowMs;
      const children = fresh ? [c] : [...cur.value.children.filter((x) => x.name !== c.name), c].slice(-200);
      const windowStart = fresh ? now.toISOString() : cur.value.windowStart;
      const windowEnd = new Date(Date.parse(windowStart) + this.windowMs).toISOString();
      const value = { windowStart, windowEnd, children };
      if (fresh) await this.index.add('storms', key, Date.parse(windowEnd));
      const w = cur ? await this.col.put(key, value, cur.etag) : await this.col.create(key, value);
      if (w.ok) return { digest: children.length > this.threshold, children };
    }
    return { digest: false, children: [c] };
  }

  /** Expiry handler: deletes the row if its own window is over, else says when it will be. */
  async expire(key: string): Promise<number | void> {
    const cur = await this.col.get(key);
    if (!cur) return;
    const end = Date.parse(cur.value.windowEnd ?? '') || Date.parse(cur.value.windowStart) + this.windowMs;
    if (end > this.now().getTime()) return end;
    await this.col.delete(key, cur.etag);
  }
}
