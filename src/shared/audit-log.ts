import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Collection, Store } from '../storage/store';

const entrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actor: z.object({ id: z.string().optional(), name: z.string().optional(), aadObjectId: z.string().optional() }).optional(),
  workspace: z.string().optional(),
  job: z.string().optional(),
  correlationId: z.string().optional(),
  outcome: z.string().optional(),
  detail: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type AuditEntry = z.infer<typeof entrySchema>;

/**
 * Append-only: every entry is a create with a time-ordered key, never an update, so a record
 * cannot be rewritten through this API (R2.5).
 */
export class AuditLog {
  private readonly col: Collection<AuditEntry>;

  constructor(store: Store, private readonly now: () => Date) {
    this.col = store.collection('audit', (raw) => entrySchema.parse(raw));
  }

  async record(e: Omit<AuditEntry, 'at'>): Promise<void> {
    const at = this.now().toISOString();
    const key = `${at.replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
    await this.col.create(key, { ...e, at });
  }

  async since(from: Date): Promise<AuditEntry[]> {
    const all = await this.col.list();
    return all.map((s) => s.value).filter((e) => e.at >= from.toISOString());
  }
}
