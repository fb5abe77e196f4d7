import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ExpiryIndex } from '../../storage/expiry-index';
import { BacklogReader } from '../../storage/backlog';
import { SHARD_NAMES, hashed } from '../../storage/layouts';
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

const segmentSchema = z.object({ receivedAt: z.string(), events: z.array(rowSchema.pick({ id: true, workspace: true, eventType: true, runId: true, runStatus: true, eventTime: true })) });
type Segment = z.infer<typeof segmentSchema>;

/** Rows written in parallel when the store cannot batch (bounded so a 5,000-event batch cannot open 5,000 sockets). */
const WRITE_CONCURRENCY = 32;
/**
 * Deliveries up to this many events get one row per event at once. Larger ones are staged as a few segment rows
 * first: Azurite needs ~1 ms of CPU per row even in a transaction, so 5,000 rows cannot be acknowledged within
 * P5's second; the processor expands segments into per-event rows (create-if-absent) before acting on them.
 */
export const DIRECT_MAX = 100;
/** Characters of JSON per segment row: Azure Tables string properties hold 32K UTF-16 characters. */
const SEGMENT_CHARS = 24_000;
const SAFE_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** Event ids are chosen by the sender; anything that is not a safe table key is stored under its hash. */
export function inboxKey(eventId: string): string {
  return SAFE_ID.test(eventId) ? eventId : `sha256-${createHash('sha256').update(eventId, 'utf8').digest('hex')}`;
}

export interface AddResult {
  added: number;
  duplicates: number;
}

/** A backlog up to this many rows is read in one request; a bigger one shard by shard, this many each. */
const PENDING_SMALL = 1_000;
const PENDING_PER_SHARD = 500;
/** Staged segments expanded per drain (about 24 KB of events each). */
const SEGMENTS_PER_DRAIN = 50;

/** Parked rows are kept this long for people to look at, then deleted. */
export interface InboxRetention {
  index: ExpiryIndex;
  keepMs: number;
}

/**
 * The durable Event Grid inbox, keyed by event id: a redelivered event is a no-op (create-if-absent). Rows are
 * hashed over 16 partitions (a 5,000-event delivery spreads its transactions) and leave when processed; only the
 * backlog and parked rows are ever here, and parked rows are deleted after the delivery retention.
 */
export class EventInbox {
  private readonly rows: Collection<InboxRow>;
  private readonly segments: Collection<Segment>;
  private readonly backlog: BacklogReader<InboxRow>;

  constructor(store: Store, private readonly now: () => Date = () => new Date(), private readonly retention?: InboxRetention) {
    this.rows = store.collection('eventinbox', (raw) => rowSchema.parse(raw), hashed);
    this.backlog = new BacklogReader(this.rows, PENDING_SMALL, PENDING_PER_SHARD);
    // One partition: a few rows per large delivery, deleted as soon as the processor expands them.
    this.segments = store.collection('eventsegments', (raw) => segmentSchema.parse(raw));
  }

  /**
   * Durably stores the events. Small deliveries: one row per event id, so a redelivery is a counted duplicate now.
   * Large ones: staged segments, deduplicated by event id when expanded (duplicates counted only within the batch).
   */
  async add(events: readonly RunEvent[]): Promise<AddResult> {
    const receivedAt = this.now().toISOString();
    // The same id twice in one batch is a duplicate too; a transaction would refuse it outright.
    const byKey = new Map<string, RunEvent>();
    for (const e of events) if (!byKey.has(inboxKey(e.id))) byKey.set(inboxKey(e.id), e);
    if (byKey.size > DIRECT_MAX) {
      await this.stage([...byKey.values()], receivedAt);
      return { added: byKey.size, duplicates: events.length - byKey.size };
    }
    const added = await this.addRows([...byKey.values()], receivedAt);
    return { added, duplicates: events.length - added };
  }

  /** Turns staged segments into per-event rows (create-if-absent); safe to repeat after a crash. */
  async expandStaged(): Promise<number> {
    let expanded = 0;
    for (const seg of await this.segments.list('', SEGMENTS_PER_DRAIN)) {
      expanded += await this.addRows(seg.value.events, seg.value.receivedAt);
      await this.segments.delete(seg.key, seg.etag);
    }
    return expanded;
  }

  private async stage(events: RunEvent[], receivedAt: string): Promise<void> {
    const prefix = `${receivedAt}-${randomUUID()}`.replace(/[^A-Za-z0-9-]/g, '');
    const entries: { key: string; value: Segment }[] = [];
    let current: RunEvent[] = [];
    let chars = 0;
    const flush = (): void => {
      if (current.length) entries.push({ key: `${prefix}-${String(entries.length).padStart(4, '0')}`, value: { receivedAt, events: current } });
      current = [];
      chars = 0;
    };
    for (const e of events) {
      const size = JSON.stringify(e).length + 1;
      if (chars + size > SEGMENT_CHARS) flush();
      current.push(e);
      chars += size;
    }
    flush();
    const results = this.segments.createMany ? await this.segments.createMany(entries) : await Promise.all(entries.map((x) => this.segments.create(x.key, x.value)));
    if (results.some((r) => !r.ok)) throw new Error('event segment key collision');
  }

  private async addRows(events: readonly RunEvent[], receivedAt: string): Promise<number> {
    const entries = events.map((e) => ({ key: inboxKey(e.id), value: { ...e, receivedAt, attempts: 0 } }));
    const results = this.rows.createMany ? await this.rows.createMany(entries) : await this.createBounded(entries);
    return results.filter((r) => r.ok).length;
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

  /** Rows due now (not parked, past their retry time), read as a bounded backlog (storage/backlog.ts). */
  async pending(at: Date = this.now()): Promise<Stored<InboxRow>[]> {
    const all = await this.backlog.read();
    return all.filter((r) => !r.value.parked && (!r.value.notBefore || Date.parse(r.value.notBefore) <= at.getTime()));
  }

  /** Every per-event row, for tests and diagnostics (the inbox holds only the backlog and parked rows). */
  async all(): Promise<Stored<InboxRow>[]> {
    return this.shards(10_000);
  }

  private async shards(limit: number): Promise<Stored<InboxRow>[]> {
    return (await Promise.all(SHARD_NAMES.map((shard) => this.rows.range(shard, { limit })))).flat();
  }

  /** Events still staged in segments (tests and diagnostics). */
  async stagedCount(): Promise<number> {
    return (await this.segments.list('', 10_000)).reduce((n, s) => n + s.value.events.length, 0);
  }

  /** Done: the row goes away. With the etag, a row rewritten meanwhile by another instance is left alone. */
  async remove(row: Stored<InboxRow>): Promise<void> {
    await this.rows.delete(row.key, row.etag);
  }

  async update(row: Stored<InboxRow>, value: InboxRow): Promise<boolean> {
    if (value.parked && this.retention) await this.retention.index.add('eventinbox', row.key, this.now().getTime() + this.retention.keepMs);
    return (await this.rows.put(row.key, value, row.etag)).ok;
  }

  /** Expiry handler: a parked row past the retention is deleted (a row retried meanwhile is not parked, and stays). */
  async expire(key: string): Promise<void> {
    const cur = await this.rows.get(key);
    if (cur?.value.parked) await this.rows.delete(key, cur.etag);
  }
}
