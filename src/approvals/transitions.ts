import { ApprovalRequest, Person } from './approval-request';

export type Decision = 'approve' | 'reject' | 'withdraw';

export type TransitionResult =
  | { kind: 'ok'; next: ApprovalRequest }
  | { kind: 'already-decided'; by?: string; at?: string; state: ApprovalRequest['state'] }
  | { kind: 'expired'; next: ApprovalRequest }
  | { kind: 'not-allowed'; reason: string };

/**
 * The pure state machine: pending → approved | rejected | withdrawn | expired. Who may decide is
 * checked here too (R2.1), from the server-side approver list, never from card data.
 */
export function decide(r: ApprovalRequest, decision: Decision, actor: Person, approvers: readonly string[], now: Date, comment?: string): TransitionResult {
  if (r.state !== 'pending') return { kind: 'already-decided', by: r.decidedBy?.name, at: r.decidedAt, state: r.state };
  if (new Date(r.expiresAt) <= now) return { kind: 'expired', next: expire(r) };
  const isRequester = actor.aadObjectId !== undefined && actor.aadObjectId === r.requester.aadObjectId;
  if (decision === 'withdraw') {
    if (!isRequester) return { kind: 'not-allowed', reason: 'Only the person who asked can withdraw this request.' };
    return { kind: 'ok', next: { ...r, state: 'withdrawn', decidedBy: actor, decidedAt: now.toISOString() } };
  }
  if (!actor.aadObjectId || !approvers.includes(actor.aadObjectId)) {
    return { kind: 'not-allowed', reason: `Only an approver of \`${r.workspace}\` can ${decision} this request.` };
  }
  if (isRequester) return { kind: 'not-allowed', reason: 'You asked for this, so someone else has to approve it (separation of duties).' };
  return {
    kind: 'ok',
    next: { ...r, state: decision === 'approve' ? 'approved' : 'rejected', decidedBy: actor, decidedAt: now.toISOString(), comment: comment?.trim().slice(0, 500) || undefined },
  };
}

export function expire(r: ApprovalRequest): ApprovalRequest {
  return r.state === 'pending' ? { ...r, state: 'expired' } : r;
}

export function isExpired(r: ApprovalRequest, now: Date): boolean {
  return r.state === 'pending' && new Date(r.expiresAt) <= now;
}
