import { z } from 'zod';
import { Collection, Store, Stored } from '../storage/store';
import { storageKeyOf } from './notice-index';
import { OutboxItem, OutboxWriter } from './types';

const mention = z.object({ id: z.string(), name: z.string() });
const opSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('send'), card: z.record(z.unknown()), mentions: z.array(mention).optional() }),
  z.object({ kind: z.literal('update'), card: z.record(z.unknown()), activityId: z.string().optional() }),
  z.object({ kind: z.literal('text'), text: z.string(), mentions: z.array(mention).optional() }),
]);
const entrySchema = z.object({
  dedupeKey: z.string(),
  conversationKey: z.string(),
  reference: z.record(z.unknown()),
  op: opSchema,
  noticeKey: z.string().optional(),
  subscriptionId: z.string().optional(),
  status: z.enum(['pending', 'sending', 'sent', 'parked']),
  attempts: z.number().int(),
  /** 429s among the attempts: they do not count towards parking after N failures. */
  throttles: z.number().int(),
  nextAttemptAt: z.string(),
  /** While 'sending': when another sender may take the item over (crash recovery). */
  leaseUntil: z.string().optional(),
  /** The pending-index row that currently points at this entry (absent once sent or parked). */
  indexKey: z.string().optional(),
  lastError: z.string().optional(),
  createdAt: z.string(),
  sentAt: z.string().optional(),
  activityId: z.string().optional(),
});
const indexSchema = z.object({ id: z.string(), conversationKey: z.string(), createdAt: z.string() });

export type OutboxStatus = z.infer<typeof entrySchema>['status'];
export type OutboxEntry = Omit<z.infer<typeof entrySchema>, 'op' | 'reference'> & Pick<OutboxItem, 'op' | 'reference'>;
export interface DueRow {
  rowKey: string;
  id: string;
  conversationKey: string;
  createdAt: string;
  dueAt: string;
}
/** An entry this process holds the lease on, with the ETag that proves it. */
export interface Claim {
  id: string;
  entry: OutboxEntry;
  etag: string;
}

/** Rows whose entry is missing or moved on are left this long before cleanup: a writer may be between its two writes. */
const STALE_ROW_GRACE_MS = 60_000;

const indexKeyOf = (at: string, id: string): string => `${at}|${id}`;

/**
 * The durable outbox (R5.1). Entries live in 'outbox' keyed by the encoded dedupe key (create-if-absent = dedupe)
 * and stay after sending as an audit trail. 'outboxpending' is a small index of the entries that still need work,
 * keyed `${due ISO}|${id}` so a listing comes back in due order without scanning history.
 *
 * Invariant: an unfinished entry always has an index row. Every move writes the new row first, then the entry
 * (compare-and-set), then deletes the old row; a crash in between leaves an extra row, never a missing one.
 */
export class Outbox implements OutboxWriter {
  readonly entries: Collection<OutboxEntry>;
  private readonly index: Collection<z.infer<typeof indexSchema>>;
  private lastEnqueuedMs = 0;

  constructor(store: Store, private readonly now: () => Date, private readonly onEnqueued?: () => void) {
    this.entries = store.collection('outbox', (r) => entrySchema.parse(r) as unknown as OutboxEntry);
    this.index = store.collection('outboxpending', (r) => indexSchema.parse(r));
  }

  async enqueue(item: OutboxItem): Promise<boolean> {
    const id = storageKeyOf(item.dedupeKey);
    const now = this.now();
    const at = now.toISOString();
    // The send order within a conversation is by creation time: strictly increasing within this process, so a card
    // update and the message enqueued right after it (same millisecond) keep their order. Due now, whatever the order.
    const ms = Math.max(now.getTime(), this.lastEnqueuedMs + 1);
    this.lastEnqueuedMs = ms;
    const createdAt = new Date(ms).toISOString();
    const indexKey = indexKeyOf(at, id);
    if (await this.entries.get(id)) return false;
    await this.index.put(indexKey, { id, conversationKey: item.conversationKey, createdAt });
    const entry: OutboxEntry = {
      dedupeKey: item.dedupeKey, conversationKey: item.conversationKey, reference: item.reference, op: item.op,
      noticeKey: item.noticeKey, subscriptionId: item.subscriptionId,
      status: 'pending', attempts: 0, throttles: 0, nextAttemptAt: at, indexKey, createdAt,
    };
    const res = await this.entries.create(id, entry);
    if (!res.ok) {
      // Lost a race with another enqueue of the same key: its own row stays, ours goes (unless they are one row).
      const cur = await this.entries.get(id);
      if (cur?.value.indexKey !== indexKey) await this.index.delete(indexKey);
      return false;
    }
    this.onEnqueued?.();
    return true;
  }

  /** Every row of the pending index (small by construction), oldest due first. */
  async pendingRows(): Promise<DueRow[]> {
    const rows = await this.index.list();
    return rows.map((r) => ({ rowKey: r.key, ...r.value, dueAt: r.key.slice(0, r.key.indexOf('|')) }));
  }

  /**
   * Takes the entry behind a due row for one attempt: pending and due, or 'sending' with an expired lease
   * (its sender died). Compare-and-set, so of several senders exactly one wins. The entry keeps its index row while
   * it is sent: that row is what finds it again if this process dies before settling it.
   * 'held' = another sender has it, or it is not due yet (the caller keeps the conversation's order and waits).
   */
  async claim(row: DueRow, leaseMs: number): Promise<Claim | 'done' | 'held'> {
    const now = this.now();
    const cur = await this.entries.get(row.id);
    if (!cur) {
      if (Date.parse(row.dueAt) < now.getTime() - STALE_ROW_GRACE_MS) await this.index.delete(row.rowKey);
      return 'done';
    }
    const e = cur.value;
    if (e.status === 'sent' || e.status === 'parked') {
      await this.index.delete(row.rowKey);
      return 'done';
    }
    const notYet = e.status === 'pending' ? Date.parse(e.nextAttemptAt) > now.getTime() : Date.parse(e.leaseUntil ?? '') > now.getTime();
    if (notYet) {
      if (row.rowKey !== e.indexKey && Date.parse(row.dueAt) < now.getTime() - STALE_ROW_GRACE_MS) await this.index.delete(row.rowKey);
      return 'held';
    }
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const next: OutboxEntry = { ...e, status: 'sending', attempts: e.attempts + 1, leaseUntil };
    return (await this.move(cur, next, row.rowKey === e.indexKey ? [] : [row.rowKey])) ?? 'held';
  }

  /** Ends an attempt: 'sent' or 'parked' leave the index; 'pending' gets a row at its next attempt time. */
  async settle(claim: Claim, patch: Partial<OutboxEntry> & { status: OutboxStatus }): Promise<boolean> {
    const next: OutboxEntry = { ...claim.entry, ...patch, leaseUntil: undefined };
    next.indexKey = patch.status === 'pending' ? indexKeyOf(next.nextAttemptAt, claim.id) : undefined;
    return (await this.move({ key: claim.id, value: claim.entry, etag: claim.etag }, next, [])) !== undefined;
  }

  private async move(cur: Stored<OutboxEntry>, next: OutboxEntry, alsoDelete: string[]): Promise<Claim | undefined> {
    if (next.indexKey && next.indexKey !== cur.value.indexKey) await this.index.put(next.indexKey, { id: cur.key, conversationKey: next.conversationKey, createdAt: next.createdAt });
    const res = await this.entries.put(cur.key, next, cur.etag);
    if (!res.ok) {
      // Someone else moved it first (a second sender, or a takeover after our lease ran out): undo our new row,
      // unless the winner happened to write the very same row (same id and millisecond).
      if (next.indexKey && (await this.entries.get(cur.key))?.value.indexKey !== next.indexKey) await this.index.delete(next.indexKey);
      return undefined;
    }
    const old = new Set([cur.value.indexKey, ...alsoDelete].filter((k): k is string => Boolean(k) && k !== next.indexKey));
    await Promise.all([...old].map((k) => this.index.delete(k)));
    return { id: cur.key, entry: next, etag: res.etag };
  }
}
