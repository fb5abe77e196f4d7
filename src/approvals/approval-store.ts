import { z } from 'zod';
import { newHandleId } from '../actions/handle-store';
import { ExpiryIndex } from '../storage/expiry-index';
import { hashed, leading } from '../storage/layouts';
import { Collection, Store, Stored, WriteResult } from '../storage/store';
import { ApprovalRequest, approvalSchema } from './approval-request';

/** Open requests listed per workspace per sweep: live ones only, each pending ≤ approvalTtlMinutes (at most a day). */
const OPEN_LIMIT = 500;

export interface ApprovalRetention {
  index: ExpiryIndex;
  /** Decided requests are deleted this long after the decision (their audit entries stay for the audit retention). */
  keepMs: number;
  now: () => Date;
}

const openSchema = z.object({ id: z.string() });

export type CreateResult = { created: true; id: string } | { created: false; existing: Stored<ApprovalRequest> };

/**
 * Requests by opaque id (hashed over 16 partitions), plus an index of open requests keyed workspace + action + job
 * (one partition per workspace) whose create-if-absent makes "one open request per job and action" hold across
 * instances (R2.6). A decided request gets an expiry index entry before it is written, and is deleted after the
 * retention for decided approvals.
 */
export class ApprovalStore {
  private readonly requests: Collection<ApprovalRequest>;
  private readonly open: Collection<z.infer<typeof openSchema>>;

  /** `workspaces`: the configured aliases, one open-index partition each (listOpen reads them in turn). */
  constructor(store: Store, private readonly workspaces: readonly string[], private readonly retention?: ApprovalRetention) {
    this.requests = store.collection('approvals', (raw) => approvalSchema.parse(raw), hashed);
    this.open = store.collection('openapprovals', (raw) => openSchema.parse(raw), leading(1, false));
  }

  private static openKey(r: Pick<ApprovalRequest, 'action' | 'workspace' | 'job'>): string {
    return `${r.workspace}|${r.action}|${Buffer.from(r.job).toString('base64url')}`;
  }

  async create(r: ApprovalRequest): Promise<CreateResult> {
    const id = newHandleId();
    const key = ApprovalStore.openKey(r);
    for (let attempt = 0; attempt < 2; attempt++) {
      const claimed = await this.open.create(key, { id });
      if (claimed.ok) {
        await this.requests.create(id, r);
        return { created: true, id };
      }
      const index = await this.open.get(key);
      const existing = index ? await this.requests.get(index.value.id) : undefined;
      if (existing && isLive(existing.value)) return { created: false, existing };
      // A stale index entry (the request was decided or never written): clear it and claim again.
      if (index) await this.open.delete(key, index.etag);
    }
    throw new Error('could not claim the open-request slot');
  }

  get(id: string): Promise<Stored<ApprovalRequest> | undefined> {
    return this.requests.get(id);
  }

  /** Compare-and-set; closes the open index once the request is finished. */
  async put(id: string, next: ApprovalRequest, etag: string): Promise<WriteResult> {
    // The expiry hint goes first: if the write then loses, the sweep finds a live request and leaves it.
    if (this.retention && !isLive(next)) await this.retention.index.add('approvals', id, this.retention.now().getTime() + this.retention.keepMs);
    const r = await this.requests.put(id, next, etag);
    if (r.ok && !isLive(next)) {
      const key = ApprovalStore.openKey(next);
      const index = await this.open.get(key);
      if (index && index.value.id === id) await this.open.delete(key, index.etag);
    }
    return r;
  }

  /** Live requests: one range read of the open index per configured workspace (bounded by OPEN_LIMIT). */
  async listOpen(): Promise<Stored<ApprovalRequest>[]> {
    const out: Stored<ApprovalRequest>[] = [];
    for (const ws of this.workspaces) {
      for (const i of await this.open.list(`${ws}|`, OPEN_LIMIT)) {
        const r = await this.requests.get(i.value.id);
        if (r) out.push(r);
      }
    }
    return out;
  }

  /** Expiry handler: a request that is decided (not live) by now is deleted; a live one stays. */
  async expire(id: string): Promise<void> {
    const cur = await this.requests.get(id);
    if (cur && !isLive(cur.value)) await this.requests.delete(id, cur.etag);
  }
}

/** Pending, or approved and still being carried out (found again after a crash, T17). */
export function isLive(r: ApprovalRequest): boolean {
  return r.state === 'pending' || r.state === 'approved';
}
