import { TurnContext } from 'botbuilder';
import { WorkspaceConfig } from '../config';
import { ApprovalViewer, approvalCard } from '../cards/approval-card';
import { utc } from '../cards/format';
import { messageCard } from '../cards/message-card';
import { alreadyInProgress } from '../cards/progress-text';
import { AdaptiveCardV15 } from '../cards/types';
import { cardActivity } from '../conversations/messenger';
import { Deps, Turn } from '../deps';
import { startTurnWork } from '../shared/deadline';
import { CardPlace, sameConversation } from '../shared/turn';
import { RetryableError, UserError } from '../shared/errors';
import { Stored } from '../storage/store';
import { ApprovalRequest } from './approval-request';
import { findTargets } from './approval-targets';
import { carryOutApproved } from './carry-out';
import { answerLate } from './late-outcome';
import { Decision, decide, expire, isExpired } from './transitions';

export type NewRequest = Omit<ApprovalRequest, 'state' | 'createdAt' | 'expiresAt' | 'posts' | 'viewers' | 'approvers' | 'escalated' | 'originConversationId' | 'originReference'>;

export function viewerOf(r: ApprovalRequest, ws: WorkspaceConfig, aadObjectId: string | undefined): ApprovalViewer {
  if (aadObjectId && aadObjectId === r.requester.aadObjectId) return 'requester';
  if (aadObjectId && (ws.approvers ?? []).includes(aadObjectId)) return 'approver';
  return 'other';
}

/** Requests, decisions and the in-place updates of every posted card. */
export class ApprovalService {
  /** Requests this process is carrying out right now, so its own sweeper never resumes one mid-way. */
  private readonly carrying = new Set<string>();

  constructor(private readonly deps: Deps) {}

  isCarryingOut(id: string): boolean {
    return this.carrying.has(id);
  }

  private ws(alias: string): WorkspaceConfig {
    const ws = this.deps.config.workspaces[alias];
    if (!ws) throw new UserError(`The workspace \`${alias}\` is no longer configured.`, 'unknown_workspace');
    return ws;
  }

  /** Creates the request (one open per job and action) and posts the card where approvers see it. */
  async request(context: TurnContext, turn: Turn, ws: WorkspaceConfig, n: NewRequest): Promise<void> {
    const targets = await findTargets(this.deps, ws, context.activity.conversation?.conversationType);
    if (!targets.here && targets.elsewhere.length === 0) {
      throw new UserError(`No approver of \`${ws.alias}\` can see a request made here. Ask an approver to run \`approvals here for ${ws.alias}\` in a team channel where JobOps is installed, then ask again.`, 'no_approval_target');
    }
    const now = this.deps.now();
    const r: ApprovalRequest = {
      ...n, state: 'pending', createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ws.approvalTtlMinutes * 60_000).toISOString(),
      posts: [], escalated: false, originConversationId: turn.conversationId,
      originReference: TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>,
      approvers: targets.approvers.map(({ aadObjectId, name }) => ({ aadObjectId, name })),
      viewers: [turn.actor.id, ...targets.approvers.flatMap((a) => (a.teamsId ? [a.teamsId] : []))].slice(0, 60),
    };
    const created = await this.deps.approvals.create(r);
    if (!created.created) {
      const e = created.existing.value;
      await context.sendActivity(`There is already an open request to ${e.action} \`${e.job}\`, asked by ${e.requester.name} at ${e.createdAt.slice(11, 16)} UTC; it expires at ${e.expiresAt.slice(11, 16)} UTC. Here it is again:`);
      await context.sendActivity(cardActivity(this.card(created.existing.key, e, turn.actor.aadObjectId)));
      return;
    }
    const id = created.id;
    await this.deps.audit.record({ action: `approval.requested`, actor: turn.actor, workspace: ws.alias, job: r.job, correlationId: turn.correlationId, detail: { approvalId: id, kind: r.action, ...(r.reason ? { reason: r.reason } : {}), ...(r.evidence?.override ? { gatesOverridden: r.evidence.gates.filter((g) => !g.passed).map((g) => g.rule).join('; ') } : {}) } });
    const mentions = r.approvers.map((a) => ({ id: a.aadObjectId, name: a.name }));
    const base = this.card(id, r, undefined);
    const posts: ApprovalRequest['posts'] = [];
    if (targets.here) {
      const sent = await context.sendActivity(cardActivity(base, mentions));
      if (sent?.id) posts.push({ reference: r.originReference, activityId: sent.id });
    }
    for (const t of targets.elsewhere) {
      // An approver's own personal chat gets the approver's view (Approve / Reject) straight away: they are its only
      // reader, and clients that never refresh (the Agents Playground, some mobile clients) would show no buttons.
      // No @mention there: it adds nothing, and the Playground splits mention text + card into two messages and
      // answers without the id this post needs to be recorded.
      const personal = t.reference.conversation?.conversationType === 'personal';
      const card = personal ? this.card(id, r, t.reference.user?.aadObjectId) : base;
      const activityId = await this.deps.messenger.sendCard(t.reference, card, personal ? [] : mentions).catch((err: unknown) => {
        this.deps.logger.warn({ err: { message: (err as Error).message }, approvalId: id }, `could not post the approval card to ${t.label}`);
        return undefined;
      });
      if (activityId) posts.push({ reference: t.reference as Record<string, unknown>, activityId });
    }
    if (targets.elsewhere.length) await context.sendActivity(`Asked for approval in ${targets.elsewhere.map((t) => t.label).join(', ')}. I'll tell you here when someone decides.`);
    if (posts.length) await this.patch(id, (cur) => ({ ...cur, posts: [...cur.posts, ...posts] }));
  }

  /**
   * Approve / reject / withdraw. Returns the card for the person who pressed the button, within
   * `replyDeadlineMs` even when Azure is slow: then the outcome follows on every posted card and
   * in a message to the requester. `place` is the pressed card, updated too if it is not a post.
   */
  async decide(turn: Turn, id: string, decision: Decision, comment?: string, place?: CardPlace): Promise<AdaptiveCardV15> {
    const until = Date.now() + this.deps.config.replyDeadlineMs;
    const stored = await this.load(id, turn);
    const ws = this.ws(stored.value.workspace);
    const t = decide(stored.value, decision, turn.actor, ws.approvers ?? [], this.deps.now(), comment);
    if (t.kind === 'not-allowed') {
      await this.deps.audit.record({ action: 'approval.denied', actor: turn.actor, workspace: ws.alias, job: stored.value.job, correlationId: turn.correlationId, outcome: t.reason, detail: { approvalId: id, decision } });
      return messageCard({ title: 'Not allowed', text: t.reason, tone: 'error' });
    }
    if (t.kind === 'already-decided') return this.card(id, stored.value, turn.actor.aadObjectId, inProgress(stored.value));
    // Expired or decided: the state change is a compare-and-set, written before anything else happens.
    const next = t.next;
    const saved = await this.deps.approvals.put(id, next, stored.etag).catch((err: unknown) => {
      this.deps.logger.error({ err, approvalId: id }, 'could not store the decision');
      throw new RetryableError('I could not record your decision, so nothing was done.');
    });
    if (!saved.ok) {
      const fresh = await this.load(id, turn);
      return this.card(id, fresh.value, turn.actor.aadObjectId, inProgress(fresh.value));
    }
    await this.deps.audit.record({ action: `approval.${next.state}`, actor: turn.actor, workspace: ws.alias, job: next.job, correlationId: turn.correlationId, outcome: next.comment, detail: { approvalId: id } });
    let final = next;
    if (next.state === 'approved') {
      const work = startTurnWork(() => this.carryOut(id, next, saved.etag, turn.correlationId), this.deps.logger, 'approved action');
      const r = await work.within(Math.max(0, until - Date.now()));
      if (!r.done) return answerLate(this.deps, this, turn, { id, approved: next, work, place });
      final = r.value;
    }
    await this.broadcast(id, final);
    if (final.state !== 'expired') await this.tellRequester(final);
    return this.card(id, final, turn.actor.aadObjectId);
  }

  /** Runs the approved action and stores its outcome (also used to resume after a crash, T17): carry-out.ts. */
  async carryOut(id: string, approved: ApprovalRequest, etag: string, correlationId: string): Promise<ApprovalRequest> {
    this.carrying.add(id);
    try {
      return await carryOutApproved(this.deps, this.ws(approved.workspace), id, approved, etag, correlationId);
    } finally {
      this.carrying.delete(id);
    }
  }

  /** A refresh (or any view): renders for this viewer; the only state change is marking expiry. */
  async view(turn: Turn, id: string): Promise<AdaptiveCardV15> {
    const stored = await this.load(id, turn);
    let r = stored.value;
    if (isExpired(r, this.deps.now())) r = await this.expireOne(id, stored);
    return this.card(id, r, turn.actor.aadObjectId);
  }

  async expireOne(id: string, stored: Stored<ApprovalRequest>): Promise<ApprovalRequest> {
    const next = expire(stored.value);
    const saved = await this.deps.approvals.put(id, next, stored.etag);
    if (!saved.ok) return (await this.deps.approvals.get(id))?.value ?? next;
    await this.deps.audit.record({ action: 'approval.expired', workspace: next.workspace, job: next.job, detail: { approvalId: id } });
    await this.broadcast(id, next);
    await this.tellRequester(next);
    return next;
  }

  card(id: string, r: ApprovalRequest, viewerAad: string | undefined, progress?: string): AdaptiveCardV15 {
    const ws = this.deps.config.workspaces[r.workspace];
    const viewer = ws ? viewerOf(r, ws, viewerAad) : 'other';
    return approvalCard({ id, request: r, viewer, now: this.deps.now(), progress });
  }

  private async load(id: string, turn: Turn): Promise<Stored<ApprovalRequest>> {
    const stored = /^[A-Za-z0-9_-]{22}$/.test(id) ? await this.deps.approvals.get(id) : undefined;
    const r = stored?.value;
    // A card posted to a channel root starts a new thread, and Teams sends its button presses from
    // `<channel>;messageid=<card id>`: compare posts by channel, not by thread.
    const here = r && (sameConversation(r.originConversationId, turn.conversationId) || r.posts.some((p) => sameConversation((p.reference.conversation as { id?: string } | undefined)?.id ?? '', turn.conversationId)));
    if (!stored || !here) throw new UserError('This approval card is out of date or was not made by JobOps here.', 'forged');
    return stored;
  }

  private async patch(id: string, f: (r: ApprovalRequest) => ApprovalRequest): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const cur = await this.deps.approvals.get(id);
      if (!cur) return;
      if ((await this.deps.approvals.put(id, f(cur.value), cur.etag)).ok) return;
    }
  }

  /**
   * Updates every posted copy for everyone (the base view; each client refreshes its own), and the
   * pressed card when it is not one of them (a copy re-sent for a repeated request).
   */
  async broadcast(id: string, r: ApprovalRequest, progress?: string, pressed?: CardPlace): Promise<void> {
    const card = this.card(id, r, undefined, progress);
    const targets = r.posts.map((p) => ({ reference: p.reference, activityId: p.activityId }));
    if (pressed?.activityId && !r.posts.some((p) => p.activityId === pressed.activityId)) targets.push({ reference: pressed.reference as Record<string, unknown>, activityId: pressed.activityId });
    await Promise.all(targets.map((p) => this.deps.messenger.updateCard(p.reference, p.activityId, card).catch((err: unknown) => {
      this.deps.logger.warn({ err: { message: (err as Error).message }, approvalId: id }, 'could not update a posted approval card');
    })));
  }

  /** Tells the requester the outcome where they asked (also after a resumed request, T17). */
  async tellRequester(r: ApprovalRequest): Promise<void> {
    const what = r.action === 'cancel' ? `cancel \`${r.job}\`` : r.action === 'rerun' ? `rerun \`${r.job}\`` : `promote \`${r.job}\` as \`${r.promote?.modelName}\``;
    const outcome: Record<string, string> = {
      done: r.action === 'cancel' ? `was approved by ${r.decidedBy?.name}; the job is now ${r.result?.status}.` : r.action === 'rerun' ? `was approved by ${r.decidedBy?.name}; submitted \`${r.rerun?.newName}\` (${r.result?.status}).` : `was approved by ${r.decidedBy?.name}; registered version ${r.result?.modelVersion}.`,
      failed: `was approved by ${r.decidedBy?.name}, but nothing was done: ${r.result?.message}`,
      rejected: `was rejected by ${r.decidedBy?.name}${r.comment ? `: “${r.comment}”` : '.'}`,
      expired: 'expired: nobody decided in time. Nothing was done.',
      withdrawn: 'was withdrawn.',
    };
    const text = outcome[r.state];
    if (!text) return;
    const mention = r.requester.aadObjectId ? [{ id: r.requester.aadObjectId, name: r.requester.name }] : [];
    // Keyed by request and outcome: two instances resuming the same request tell the requester once.
    const once = `approval|${r.workspace}|${r.job}|${r.action}|${r.createdAt}|${r.state}`;
    await this.deps.messenger.sendText(r.originReference, `${mention.length ? `<at>${r.requester.name}</at> ` : ''}Your request to ${what} ${text}`, mention, once).catch((err: unknown) => {
      this.deps.logger.warn({ err: { message: (err as Error).message } }, 'could not tell the requester');
    });
  }
}

/** A press while the approved action is still running starts nothing, and the card says so. */
function inProgress(r: ApprovalRequest): string | undefined {
  return r.state === 'approved' ? alreadyInProgress(r.decidedBy?.name ?? 'someone', r.decidedAt ? utc(new Date(r.decidedAt)) : 'just now') : undefined;
}
