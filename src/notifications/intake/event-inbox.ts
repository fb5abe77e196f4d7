import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Collection, Store, Stored } from '../../storage/store';
import { RunEvent } from './event-schema';

/** One accepted event waiting to be processed (R4.3). Only what processing needs is kept. */
const rowSchema = z.object({
  id: z.string(),
  workspace: z.string(),
  eventType: z.string(),
  runId: z.string(),
  runStatus: z.string().optional(),
  eventTime: z.string().optional(),
  receivedAt: z.string(),
  attempts: z.number().int().nonnegative(),
  notBefore: z.string().optional(),
  parked: z.boolean().optional(),
  lastError: z.string().optional(),
});
export type InboxRow = z.infer<typeof rowSchema>;

/** Rows written in parallel when the store cannot batch (bounded so a 5,000-event batch cannot open 5,000 sockets). */
const WRITE_CONCURRENCY = 32;
const SAFE_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** Event ids are chosen by the sender; anything that is not a safe table key is stored under its hash. */
export function inboxKey(eventId: string): string {
  return SAFE_ID.test(eventId) ? eventId : `sha256-${createHash('sha256').update(eventId, 'utf8').digest('hex')}`;
}

export interface AddResult {
  added: number;
  duplicates: number;
}

/** The durable Event Grid inbox, keyed by event id: a redelivered event is a no-op (create-if-absent). */
export class EventInbox {
  private readonly rows: Collection<InboxRow>;

  constructor(store: Store, private readonly now: () => Date = () => new Date()) {
    this.rows = store.collection('eventinbox', (raw) => rowSchema.parse(raw));
  }

  async add(events: readonly RunEvent[]): Promise<AddResult> {
    const receivedAt = this.now().toISOString();
    // The same id twice in one batch is a duplicate too; a transaction would refuse it outright.
    const byKey = new Map<string, InboxRow>();
    for (const e of events) {
      const key = inboxKey(e.id);
      if (!byKey.has(key)) byKey.set(key, { ...e, receivedAt, attempts: 0 });
    }
    const entries = [...byKey].map(([key, value]) => ({ key, value }));
    const results = this.rows.createMany ? await this.rows.createMany(entries) : await this.createBounded(entries);
    const added = results.filter((r) => r.ok).length;
    return { added, duplicates: events.length - added };
  }

  private async createBounded(entries: { key: string; value: InboxRow }[]): Promise<{ ok: boolean }[]> {
    const out: { ok: boolean }[] = new Array<{ ok: boolean }>(entries.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const i = next++;
        const e = entries[i];
        if (e) out[i] = await this.rows.create(e.key, e.value);
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, entries.length) }, worker));
    return out;
  }

  /** Rows due now (not parked, past their retry time). */
  async pending(at: Date = this.now()): Promise<Stored<InboxRow>[]> {
    const all = await this.rows.list();
    return all.filter((r) => !r.value.parked && (!r.value.notBefore || Date.parse(r.value.notBefore) <= at.getTime()));
  }

  async all(): Promise<Stored<InboxRow>[]> {
    return this.rows.list();
  }

  /** Done: the row goes away. With the etag, a row rewritten meanwhile by another instance is left alone. */
  async remove(row: Stored<InboxRow>): Promise<void> {
    await this.rows.delete(row.key, row.etag);
  }

  async update(row: Stored<InboxRow>, value: InboxRow): Promise<boolean> {
    return (await this.rows.put(row.key, value, row.etag)).ok;
  }
}
