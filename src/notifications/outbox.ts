import { z } from 'zod';
import { ExpiryIndex } from '../storage/expiry-index';
import { BacklogReader } from '../storage/backlog';
import { SHARD_NAMES, hashed, leading, shardOf } from '../storage/layouts';
import { Collection, Store } from '../storage/store';
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
const indexSchema = z.object({ id: z.string(), conversationKey: z.string(), createdAt: z.string(), dueAt: z.string() });

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
/**
 * Pending rows read per shard per pass. A shard holds the unfinished entries of its conversations only; past this,
 * the oldest are worked first and the rest wait for the next pass (a prefix in enqueue order, so never out of order).
 */
export const PENDING_PER_SHARD = 100;
/** A backlog up to this many rows is read in one request (a storm is more; then shard by shard). */
const PENDING_SMALL = 1_000;

/** The pending index's partition is the shard its key starts with: one of the 16 (readBacklog visits each). */
const SHARD_PREFIXED = { ...leading(1, false), partitions: SHARD_NAMES };

/** `${shard of the conversation}|${createdAt}|${id}`: a conversation's rows sit in one partition, in enqueue order. */
const indexKeyOf = (conversationKey: string, createdAt: string, id: string): string => `${shardOf(conversationKey)}|${createdAt}|${id}`;

/** Sent and parked entries are kept this long (dedupe of late re-enqueues, a trail to look at), then deleted. */
export interface OutboxRetention {
  index: ExpiryIndex;
  keepMs: number;
}

/**
 * The durable outbox (R5.1). Entries live in 'outbox' keyed by the encoded dedupe key (create-if-absent = dedupe),
 * hashed over 16 partitions; a sent or parked entry gets an expiry index entry and is deleted after the delivery
 * retention. 'outboxpending' indexes the entries that still need work, one row per entry for its whole life, keyed
 * `${shard}|${createdAt}|${id}` (the shard of its conversation), so a pass reads each shard's oldest rows — a range
 * read bounded by PENDING_PER_SHARD — and a conversation's rows come back in the order they were enqueued.
 *
 * Invariant: an unfinished entry always has its index row: written before the entry, deleted only after the entry
 * is settled sent or parked. A retry changes the row's dueAt (after the entry: a stale dueAt only costs a read).
 */
export class Outbox implements OutboxWriter {
  readonly entries: Collection<OutboxEntry>;
  private readonly index: Collection<z.infer<typeof indexSchema>>;
  private lastEnqueuedMs = 0;
  private readonly backlog: BacklogReader<z.infer<typeof indexSchema>>;
  /** Index rows of settled entries not yet deleted (see settle's `deferRowDelete`). */
  private finishedRows: string[] = [];

  constructor(store: Store, private readonly now: () => Date, private readonly onEnqueued?: () => void, private readonly retention?: OutboxRetention) {
    this.entries = store.collection('outbox', (r) => entrySchema.parse(r) as unknown as OutboxEntry, hashed);
    this.index = store.collection('outboxpending', (r) => indexSchema.parse(r), SHARD_PREFIXED);
    this.backlog = new BacklogReader(this.index, PENDING_SMALL, PENDING_PER_SHARD);
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
    const indexKey = indexKeyOf(item.conversationKey, createdAt, id);
    if (await this.entries.get(id)) return false;
    await this.index.put(indexKey, { id, conversationKey: item.conversationKey, createdAt, dueAt: at });
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

  /**
   * Pending rows to work, in enqueue order within each shard. While the backlog is small (the usual case) that is
   * one read of the whole index, which holds unfinished entries only; past PENDING_SMALL rows, each shard's oldest
   * PENDING_PER_SHARD, so one busy shard cannot starve the others (storage/backlog.ts). A pass needs only what the
   * sender can send before the next pass (30/s globally), so 16 × 100 rows is plenty and keeps a storm's reads at a
   * few hundred entities per second per partition (docs/storage.md).
   */
  async pendingRows(): Promise<DueRow[]> {
    const rows = await this.backlog.read();
    return rows.map((r) => ({ rowKey: r.key, ...r.value }));
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
    const old = Date.parse(row.createdAt) < now.getTime() - STALE_ROW_GRACE_MS;
    if (!cur) {
      if (old) await this.index.delete(row.rowKey);
      return 'done';
    }
    const e = cur.value;
    // A finished entry needs no row: its own (a batched delete that never happened) or any other goes now.
    if (e.status === 'sent' || e.status === 'parked') {
      await this.index.delete(row.rowKey);
      return 'done';
    }
    // A row that is not the entry's own (left by an enqueue that lost a race) is skipped, and deleted once its
    // writer must be done with it; the entry is worked through its own row.
    if (row.rowKey !== e.indexKey) {
      if (old) await this.index.delete(row.rowKey);
      return 'done';
    }
    const notYet = e.status === 'pending' ? Date.parse(e.nextAttemptAt) > now.getTime() : Date.parse(e.leaseUntil ?? '') > now.getTime();
    if (notYet) return 'held';
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const next: OutboxEntry = { ...e, status: 'sending', attempts: e.attempts + 1, leaseUntil };
    const res = await this.entries.put(cur.key, next, cur.etag);
    return res.ok ? { id: cur.key, entry: next, etag: res.etag } : 'held';
  }

  /**
   * Gives back a claim that was never attempted (a worker claimed ahead and then had to stop): pending again, due as
   * before, its attempt not counted. A lost compare-and-set means the lease ran out and someone else has it.
   */
  async release(claim: Claim): Promise<void> {
    await this.settle(claim, { status: 'pending', attempts: Math.max(0, claim.entry.attempts - 1) });
  }

  /**
   * Ends an attempt. 'pending': the entry, then its row's new dueAt. 'sent'/'parked': the expiry hint, the entry,
   * then its row goes (the hint first, so a finished entry always has one; a hint for an entry that lost its
   * compare-and-set finds it unfinished and leaves it).
   */
  async settle(claim: Claim, patch: Partial<OutboxEntry> & { status: OutboxStatus }, deferRowDelete = false): Promise<boolean> {
    const finished = patch.status === 'sent' || patch.status === 'parked';
    const next: OutboxEntry = { ...claim.entry, ...patch, leaseUntil: undefined, indexKey: finished ? undefined : claim.entry.indexKey };
    if (finished && this.retention) await this.retention.index.add('outbox', claim.id, this.now().getTime() + this.retention.keepMs);
    const res = await this.entries.put(claim.id, next, claim.etag);
    if (!res.ok) return false;
    const rowKey = claim.entry.indexKey;
    // Deferred, a finished row is deleted with the other finished rows when a conversation's worker ends, one
    // transaction per shard partition: one storage operation fewer per notice (issue 13). Safe if it never happens:
    // a row whose entry is sent or parked is dropped by the next claim that reads it.
    if (rowKey && finished && deferRowDelete) this.finishedRows.push(rowKey);
    else if (rowKey && finished) await this.index.delete(rowKey);
    else if (rowKey) await this.index.put(rowKey, { id: claim.id, conversationKey: next.conversationKey, createdAt: next.createdAt, dueAt: next.nextAttemptAt });
    return true;
  }

  /** Deletes the index rows that `settle(…, true)` left, batched per partition. */
  async dropFinishedRows(): Promise<void> {
    if (!this.finishedRows.length) return;
    const rows = this.finishedRows;
    this.finishedRows = [];
    await this.index.deleteMany(rows);
  }

  /** Expiry handler: a finished entry is deleted; one that is (again) unfinished stays. */
  async expire(id: string): Promise<void> {
    const cur = await this.entries.get(id);
    if (cur && (cur.value.status === 'sent' || cur.value.status === 'parked')) await this.entries.delete(id, cur.etag);
  }
}
