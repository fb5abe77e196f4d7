import { WorkspaceConfig } from '../config';
import { Deps } from '../deps';
import { RetryableError } from '../shared/errors';
import { NotStarted, execute } from './approval-executor';
import { ApprovalRequest } from './approval-request';

interface Current {
  value: ApprovalRequest;
  etag: string;
}

/**
 * Runs an approved request's action and stores its outcome (after a decision, and to resume after a crash, T17).
 * Just before Azure is asked to act, `executingSince` is stored: if the process dies after the POST, the request
 * resumed later knows the job's CancelRequested/Canceled is its own doing.
 */
export async function carryOutApproved(deps: Deps, ws: WorkspaceConfig, id: string, approved: ApprovalRequest, etag: string, correlationId: string): Promise<ApprovalRequest> {
  let cur: Current = { value: approved, etag };
  const begin = async (): Promise<void> => {
    cur = await markExecuting(deps, id, cur);
  };
  let outcome: Awaited<ReturnType<typeof execute>>;
  try {
    outcome = await execute(deps, ws, id, approved, correlationId, begin);
  } catch (err) {
    if (!(err instanceof NotStarted)) throw err;
    if (err.current) {
      deps.logger.warn({ approvalId: id }, 'approved request taken over by another carrier; not acting on it here');
      return err.current;
    }
    // Still approved and unmarked: the sweeper resumes it, as after a crash (T17).
    throw new RetryableError('storage did not record that the approved action was starting, so nothing was sent to Azure yet; it will be tried again automatically.');
  }
  const final: ApprovalRequest = { ...cur.value, state: outcome.state, result: outcome.result };
  const r = await deps.approvals.put(id, final, cur.etag);
  if (!r.ok) deps.logger.warn({ approvalId: id }, 'outcome not stored: the request changed meanwhile');
  return final;
}

/**
 * The compare-and-set of `executingSince`. Lost to an unrelated write (a card post recorded meanwhile), it is tried
 * again on the fresh record; lost to another carrier (its claim or its own mark), this carrier stops. No Azure call
 * happens unless the mark is stored (as with the decision itself, T18).
 */
async function markExecuting(deps: Deps, id: string, cur: Current): Promise<Current> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const next: ApprovalRequest = { ...cur.value, executingSince: deps.now().toISOString() };
    let fresh;
    try {
      const w = await deps.approvals.put(id, next, cur.etag);
      if (w.ok) return { value: next, etag: w.etag };
      fresh = await deps.approvals.get(id);
    } catch (err) {
      deps.logger.error({ err, approvalId: id }, 'could not record that the approved action started');
      throw new NotStarted();
    }
    const v = fresh?.value;
    if (!fresh || !v || v.state !== 'approved' || v.resumedAt !== cur.value.resumedAt || v.executingSince !== cur.value.executingSince) {
      throw new NotStarted(v ?? cur.value);
    }
    cur = fresh;
  }
  throw new NotStarted();
}
