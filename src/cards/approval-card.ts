import { ApprovalRequest } from '../approvals/approval-request';
import { humanDuration, plain, utc } from './format';
import { statusLabel } from './status-text';
import { Action, AdaptiveCardV15, CardElement, card, execute, withSubmitFallback } from './types';
import { VERBS } from './verbs';
import { evidenceBlock } from './promotion-evidence-block';

export type ApprovalViewer = 'approver' | 'requester' | 'other';

export interface ApprovalCardModel {
  id: string;
  request: ApprovalRequest;
  viewer: ApprovalViewer;
  now: Date;
  /** While an approved action is still being carried out: why it is slow, or that it is already running. */
  progress?: string;
}

/**
 * One card per request, rendered per viewer: approvers get Approve/Reject, the requester gets
 * Withdraw, everyone else the status. The refresh block makes each listed client ask for its view.
 */
export function approvalCard(m: ApprovalCardModel): AdaptiveCardV15 {
  const r = m.request;
  const what = r.action === 'cancel' ? `Cancel ${r.job}` : r.action === 'rerun' ? `Rerun ${r.job}` : `Promote ${r.job} as ${r.promote?.modelName ?? 'a model'}`;
  const body: CardElement[] = [
    { type: 'TextBlock', text: `Approval: ${plain(what, 200)}`, weight: 'bolder', size: 'medium', wrap: true },
    { type: 'TextBlock', text: stateLine(r, m.now, m.viewer), wrap: true, weight: 'bolder', color: stateColor(r), spacing: 'small' },
    ...(r.state === 'approved' && m.progress ? [{ type: 'TextBlock' as const, text: plain(m.progress), wrap: true, spacing: 'small' as const }] : []),
    { type: 'FactSet', separator: true, facts: facts(r, m.now) },
  ];
  if (r.evidence && r.promote) body.push(...evidenceBlock(r.evidence, r.promote.modelName));
  if (r.state === 'pending' && r.approvers.length) {
    body.push({ type: 'TextBlock', text: `Approvers: ${r.approvers.map((a) => `<at>${a.name}</at>`).join(', ')}`, wrap: true, size: 'small' });
  }
  const actions: Action[] = [];
  if (r.state === 'pending' && new Date(r.expiresAt) > m.now) {
    if (m.viewer === 'approver') {
      body.push({ type: 'Input.Text', id: 'comment', placeholder: 'Comment (optional, shown on reject)', maxLength: 500 });
      actions.push(withSubmitFallback(execute('Approve', VERBS.approvalApprove, m.id, 'positive')), withSubmitFallback(execute('Reject', VERBS.approvalReject, m.id, 'destructive')));
    } else if (m.viewer === 'requester') {
      body.push({ type: 'TextBlock', text: 'Waiting for an approver. You cannot approve your own request.', wrap: true, isSubtle: true });
      actions.push(withSubmitFallback(execute('Withdraw', VERBS.approvalWithdraw, m.id)));
    }
  }
  if (r.facts.studioUrl) actions.push({ type: 'Action.OpenUrl', title: 'Open in Studio', url: r.facts.studioUrl });
  const c = card(body, actions, `${what}: ${r.state}`);
  c.refresh = { action: execute('Refresh', VERBS.approvalRefresh, m.id), userIds: r.viewers.slice(0, 60) };
  if (r.state === 'pending' && r.approvers.length) {
    c.msteams = { width: 'Full', entities: r.approvers.map((a) => ({ type: 'mention', text: `<at>${a.name}</at>`, mentioned: { id: a.aadObjectId, name: a.name } })) };
  }
  return c;
}

function stateLine(r: ApprovalRequest, now: Date, viewer: ApprovalViewer): string {
  const by = r.decidedBy ? plain(r.decidedBy.name, 60) : 'someone';
  const at = r.decidedAt ? utc(new Date(r.decidedAt)) : '';
  const verb = r.action === 'cancel' ? 'cancel' : r.action === 'rerun' ? 'rerun' : 'promotion';
  switch (r.state) {
    case 'pending': {
      const left = new Date(r.expiresAt).getTime() - now.getTime();
      if (left <= 0) return `⌛ Expired at ${utc(new Date(r.expiresAt))} — nobody decided in time. Nothing was done.`;
      return `⏳ Waiting for approval${viewer === 'approver' ? ' from you' : ''} · expires in ${humanDuration(left)} (${utc(new Date(r.expiresAt))})`;
    }
    case 'approved': return `✅ Approved by ${by} at ${at} — carrying out the ${verb}…`;
    case 'done':
      if (r.action === 'rerun') return `🔁 Submitted ${plain(r.rerun?.newName ?? '', 160)} (${r.result?.status ?? 'NotStarted'}) — approved by ${by} at ${at}, requested by ${plain(r.requester.name, 60)}`;
      return r.action === 'cancel'
        ? `⏹️ Cancelled (${r.result?.status ?? 'CancelRequested'}) — approved by ${by} at ${at}, requested by ${plain(r.requester.name, 60)}`
        : `📦 Registered ${plain(r.promote?.modelName ?? '', 80)} version ${r.result?.modelVersion ?? '?'} — approved by ${by} at ${at}, requested by ${plain(r.requester.name, 60)}`;
    case 'failed': return `⚠️ Approved by ${by} at ${at}, but nothing was done: ${plain(r.result?.message ?? 'unknown error', 300)}`;
    case 'rejected': return `🚫 Rejected by ${by} at ${at}${r.comment ? `: “${plain(r.comment, 300)}”` : ''}. Nothing was done.`;
    case 'withdrawn': return `↩️ Withdrawn by ${by} at ${at}. Nothing was done.`;
    case 'expired': return `⌛ Expired at ${utc(new Date(r.expiresAt))} — nobody decided in time. Nothing was done.`;
  }
}

/**
 * Red for "nothing was done because of a problem or a no"; everything else in the default colour:
 * Teams' light theme draws `warning` (#f8d22a) and `good` (#92c353) too pale for a whole sentence.
 * The icon at the start of the line carries the state.
 */
function stateColor(r: ApprovalRequest): 'attention' | 'default' {
  return r.state === 'failed' || r.state === 'rejected' ? 'attention' : 'default';
}

function facts(r: ApprovalRequest, now: Date): { title: string; value: string }[] {
  const f = r.facts;
  const out = [
    { title: 'Job', value: `${r.job}${f.displayName && f.displayName !== r.job ? ` — ${plain(f.displayName, 80)}` : ''}` },
    { title: 'Workspace', value: `${r.workspace} (production)` },
    { title: 'Type', value: f.type },
    // After the action, the job's status read back from Azure; before it, the status when the request was made.
    { title: 'Status', value: statusLabel(r.result?.status ?? f.status) },
    { title: 'Experiment', value: plain(f.experiment, 80) },
    { title: 'Submitter', value: f.submitter ? plain(f.submitter, 60) : '—' },
    { title: 'Compute', value: f.compute ? plain(f.compute, 60) : '—' },
  ];
  if (f.startedAt && r.state === 'pending') out.push({ title: 'Runtime so far', value: humanDuration(now.getTime() - new Date(f.startedAt).getTime()) });
  if (f.cost) out.push({ title: 'Used so far', value: plain(f.cost, 200) });
  if (f.perHour && r.state === 'pending') out.push({ title: 'Continuing costs', value: plain(f.perHour, 200) });
  if (r.rerun) out.push({ title: 'New job', value: plain(r.rerun.newName, 160) });
  if (r.promote) {
    out.push({ title: 'Model', value: plain(r.promote.modelName, 80) }, { title: 'Registers', value: plain(r.promote.path, 200) });
    const tags = Object.entries(f.tags ?? {});
    if (tags.length) out.push({ title: 'Tags / metrics', value: plain(tags.slice(0, 10).map(([k, v]) => `${k}=${v}`).join(', '), 400) });
  }
  out.push({ title: 'Requested by', value: plain(r.requester.name, 60) });
  if (r.reason) out.push({ title: 'Reason', value: plain(r.reason, 300) });
  out.push({ title: 'Expires', value: utc(new Date(r.expiresAt)) });
  return out;
}
