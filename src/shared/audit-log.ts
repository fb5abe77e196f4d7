import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Collection, Store } from '../storage/store';

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
 */
export class AuditLog {
  private readonly col: Collection<AuditEntry>;
  private readonly byJob: Collection<AuditEntry>;

  constructor(store: Store, private readonly now: () => Date) {
    this.col = store.collection('audit', (raw) => entrySchema.parse(raw));
    this.byJob = store.collection('auditbyjob', (raw) => entrySchema.parse(raw));
  }

  async record(e: Omit<AuditEntry, 'at'>): Promise<void> {
    const at = this.now().toISOString();
    // Entries written in the same millisecond (a manual clock in tests, fast sequences in production)
    // keep their order through a per-process sequence; the random part keeps instances apart.
    const key = `${at.replace(/[:.]/g, '-')}-${String(++sequence).padStart(10, '0')}-${randomBytes(4).toString('hex')}`;
    const entry = { ...e, at };
    // The main log first: it is the record of truth; the index only makes reads cheap.
    await this.col.create(key, entry);
    if (e.workspace && e.job) await this.byJob.create(`${jobPrefix(e.workspace, e.job)}${key}`, entry);
  }

  async since(from: Date): Promise<AuditEntry[]> {
    const all = await this.col.list();
    return all.map((s) => s.value).filter((e) => e.at >= from.toISOString());
  }

  /** The latest `limit` entries about one job, oldest first (keys are time-ordered). */
  async forJob(workspace: string, job: string, limit = 30): Promise<JobTrail> {
    const all = (await this.byJob.list(jobPrefix(workspace, job))).map((s) => s.value);
    const keep = Math.max(0, limit);
    const entries = all.length > keep ? all.slice(all.length - keep) : all;
    return { entries, earlier: all.length - entries.length };
  }
}

/**
 * Lower-cased because Azure resource names are matched case-insensitively, so `audit Train-42`
 * must find what was recorded as `train-42`. Encoded so a name can never add a `|` or a
 * character Azure Tables refuses in a key.
 */
function jobPrefix(workspace: string, job: string): string {
  return `${encodeURIComponent(workspace.toLowerCase())}|${encodeURIComponent(job.toLowerCase())}|`;
}
