import { z } from 'zod';
import { newHandleId } from '../actions/handle-store';
import { Collection, Store, Stored, WriteResult } from '../storage/store';
import { ApprovalRequest, approvalSchema } from './approval-request';

const openSchema = z.object({ id: z.string() });

export type CreateResult = { created: true; id: string } | { created: false; existing: Stored<ApprovalRequest> };

/**
 * Requests by opaque id, plus an index of open requests keyed by action + workspace + job whose
 * create-if-absent makes "one open request per job and action" hold across instances (R2.6).
 */
export class ApprovalStore {
  private readonly requests: Collection<ApprovalRequest>;
  private readonly open: Collection<z.infer<typeof openSchema>>;

  constructor(store: Store) {
    this.requests = store.collection('approvals', (raw) => approvalSchema.parse(raw));
    this.open = store.collection('openapprovals', (raw) => openSchema.parse(raw));
  }

  private static openKey(r: Pick<ApprovalRequest, 'action' | 'workspace' | 'job'>): string {
    return `${r.action}|${r.workspace}|${Buffer.from(r.job).toString('base64url')}`;
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
    const r = await this.requests.put(id, next, etag);
    if (r.ok && !isLive(next)) {
      const key = ApprovalStore.openKey(next);
      const index = await this.open.get(key);
      if (index && index.value.id === id) await this.open.delete(key, index.etag);
    }
    return r;
  }

  async listOpen(): Promise<Stored<ApprovalRequest>[]> {
    const out: Stored<ApprovalRequest>[] = [];
    for (const i of await this.open.list()) {
      const r = await this.requests.get(i.value.id);
      if (r) out.push(r);
    }
    return out;
  }

}

/** Pending, or approved and still being carried out (found again after a crash, T17). */
export function isLive(r: ApprovalRequest): boolean {
  return r.state === 'pending' || r.state === 'approved';
}
