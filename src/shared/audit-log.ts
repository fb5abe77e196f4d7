import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { leading, shardOf } from '../storage/layouts';
import { Collection, Layout, Store } from '../storage/store';
import { SweepTask } from '../storage/sweep';

let sequence = 0;

const entrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actor: z.object({ id: z.string().optional(), name: z.string().optional(), aadObjectId: z.string().optional() }).optional(),
  workspace: z.string().optional(),
  job: z.string().optional(),
  correlationId: z.string().optional(),
  /** Azure's x-ms-request-id / x-ms-correlation-request-id of the call an `azure.*` entry records (R2.5). */
  azureRequestId: z.string().optional(),
  azureCorrelationId: z.string().optional(),
  outcome: z.string().optional(),
  detail: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type AuditEntry = z.infer<typeof entrySchema>;

/** One job's trail: the newest `entries` (oldest first) and how many older ones were left out. */
export interface JobTrail {
  entries: AuditEntry[];
  earlier: number;
}

/**
 * Append-only: every entry is a create with a time-ordered key, never an update, so a record
 * cannot be rewritten through this API (R2.5).
 *
 * Entries about a job are also written to a second collection keyed
 * `${workspace}|${job}|${timeKey}` (also a create), so one job's trail is a single prefix
 * range read instead of a scan of the whole log. The copy is the full entry, not a pointer,
 * so reading a trail costs one query rather than one GET per entry.
 *
 * Partitions: the log by day and hash shard (`2026-12-04.a`), so an export reads the days it asks for and the
 * retention sweep deletes the oldest days first; the job index by a hash of workspace|job, so a trail is one
 * partition. Entries older than the audit retention (RETENTION_AUDIT, default 400 days) are deleted, copy first.
 */
export class AuditLog {
  private readonly col: Collection<AuditEntry>;
  private readonly byJob: Collection<AuditEntry>;
  /** The log read for the sweep: only what finds the job copy, so an entry that no longer parses cannot stop it. */
  private readonly sweepView: Collection<{ workspace?: unknown; job?: unknown }>;

  constructor(store: Store, private readonly now: () => Date, private readonly keepMs = 400 * 86_400_000) {
    this.col = store.collection('audit', (raw) => entrySchema.parse(raw), BY_DAY);
    this.sweepView = store.collection('audit', (raw) => (raw && typeof raw === 'object' ? raw : {}) as { workspace?: unknown; job?: unknown }, BY_DAY);
    this.byJob = store.collection('auditbyjob', (raw) => entrySchema.parse(raw), leading(2, true));
  }

  async record(e: Omit<AuditEntry, 'at'>): Promise<void> {
    const at = this.now().toISOString();
    // Entries written in the same millisecond (a manual clock in tests, fast sequences in production)
    // keep their order through a per-process sequence; the random part keeps instances apart.
    const key = `${keyTime(new Date(at))}-${String(++sequence).padStart(10, '0')}-${randomBytes(4).toString('hex')}`;
    const entry = { ...e, at };
    // The main log first: it is the record of truth; the index only makes reads cheap.
    await this.col.create(key, entry);
    if (e.workspace && e.job) await this.byJob.create(`${jobPrefix(e.workspace, e.job)}${key}`, entry);
  }

  /**
   * Every entry at or after `from`, oldest first: the export (`jobops audit`), never a chat turn. Reads the day
   * partitions from `from` on, a page at a time; rows written before partitions existed (partition 'p', which sorts
   * after every date) are included, so an export still covers them.
   */
  async since(from: Date): Promise<AuditEntry[]> {
    const out: { key: string; value: AuditEntry }[] = [];
    const fromAt = from.toISOString();
    for (let page = await this.col.span({ from: dayOf(keyTime(from)), limit: PAGE }); page.length; ) {
      for (const s of page) if (s.value.at >= fromAt) out.push(s);
      if (page.length < PAGE) break;
      page = await this.col.span({ from: dayOf(keyTime(from)), afterKey: page[page.length - 1]!.key, limit: PAGE });
    }
    // Shards interleave within a day; keys are time-ordered, so sorting by key restores the order entries were made.
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((s) => s.value);
  }

  /**
   * Entries older than the retention, oldest days first: one bounded read over the day partitions up to the cut-off
   * day (every shard), keys before the cut-off time. Each entry's job-index copy goes first, so a crash in between
   * leaves the entry for the next sweep to finish.
   */
  readonly sweep: SweepTask = {
    name: 'audit',
    sweep: async (now, limit) => {
      const cut = keyTime(new Date(now.getTime() - this.keepMs));
      // '~' sorts after every shard name, so this spans all of the cut-off day's partitions and the days before.
      return this.expire(await this.sweepView.span({ before: `${dayOf(cut)}.~`, keyBefore: cut, limit }));
    },
  };

  private async expire(rows: { key: string; value: { workspace?: unknown; job?: unknown } }[]): Promise<number> {
    const copies = rows.flatMap((r) => (typeof r.value.workspace === 'string' && typeof r.value.job === 'string' && r.value.workspace && r.value.job ? [`${jobPrefix(r.value.workspace, r.value.job)}${r.key}`] : []));
    await this.byJob.deleteMany(copies);
    await this.col.deleteMany(rows.map((r) => r.key));
    return rows.length;
  }

  /** The latest `limit` entries about one job, oldest first (keys are time-ordered); bounded by one job's trail. */
  async forJob(workspace: string, job: string, limit = 30): Promise<JobTrail> {
    const all = (await this.byJob.list(jobPrefix(workspace, job))).map((s) => s.value);
    const keep = Math.max(0, limit);
    const entries = all.length > keep ? all.slice(all.length - keep) : all;
    return { entries, earlier: all.length - entries.length };
  }
}

const PAGE = 1_000;

/** An ISO time as it starts a key (`2026-12-04T23-15-02-123Z`): safe in a key, and it sorts as time. */
function keyTime(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

function dayOf(key: string): string {
  return key.slice(0, 10);
}

/** `2026-12-04.a`: the day, then one of 16 shards, so a busy day's writes spread over 16 partitions. */
const BY_DAY: Layout = {
  name: 'day.hashed(16)',
  partitionOf: (key) => `${dayOf(key)}.${shardOf(key)}`,
  partitionOfPrefix: () => undefined,
};

/**
 * Lower-cased because Azure resource names are matched case-insensitively, so `audit Train-42`
 * must find what was recorded as `train-42`. Encoded so a name can never add a `|` or a
 * character Azure Tables refuses in a key.
 */
function jobPrefix(workspace: string, job: string): string {
  return `${encodeURIComponent(workspace.toLowerCase())}|${encodeURIComponent(job.toLowerCase())}|`;
}
