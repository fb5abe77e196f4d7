import { Deps } from '../deps';
import { ApprovalService } from './approval-service';
import { isExpired } from './transitions';

const RESUME_AFTER_MS = 60_000;

/**
 * Background pass over live requests: marks expired ones (and updates their cards), sends the
 * one escalation reminder, and resumes approved requests whose process died mid-way (T17).
 */
export class ApprovalSweeper {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly deps: Deps, private readonly service: ApprovalService, private readonly everyMs = 30_000) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = this.deps.now();
      for (const s of await this.deps.approvals.listOpen()) {
        const r = s.value;
        if (isExpired(r, now)) {
          await this.service.expireOne(s.key, s);
        } else if (r.state === 'pending' && !r.escalated && this.escalationDue(r.workspace, r.createdAt, now)) {
          await this.escalate(s.key, s.etag);
        } else if (r.state === 'approved' && r.decidedAt && now.getTime() - new Date(r.resumedAt ?? r.decidedAt).getTime() > RESUME_AFTER_MS && !this.service.isCarryingOut(s.key)) {
          // Not one this process is still carrying out in the background after its turn answered: that one is slow, not stuck.
          // Claim it first (compare-and-set, stamped): of two instances sweeping at once only one carries it
          // out; the other would re-read a job the first just cancelled and overwrite the card with "not running".
          const claimed = { ...r, resumedAt: now.toISOString() };
          const claim = await this.deps.approvals.put(s.key, claimed, s.etag);
          if (!claim.ok) continue;
          const final = await this.service.carryOut(s.key, claimed, claim.etag, `resume-${s.key.slice(0, 6)}`);
          await this.service.broadcast(s.key, final);
          await this.service.tellRequester(final);
        }
      }
    } catch (err) {
      this.deps.logger.error({ err }, 'approval sweep failed');
    } finally {
      this.running = false;
    }
  }

  private escalationDue(alias: string, createdAt: string, now: Date): boolean {
    const after = this.deps.config.workspaces[alias]?.escalateAfterMinutes;
    return after !== undefined && now.getTime() - new Date(createdAt).getTime() >= after * 60_000;
  }

  /** Marks first (compare-and-set), then posts: a second instance can never remind twice. */
  private async escalate(id: string, etag: string): Promise<void> {
    const cur = await this.deps.approvals.get(id);
    if (!cur || cur.etag !== etag) return;
    const r = { ...cur.value, escalated: true };
    if (!(await this.deps.approvals.put(id, r, cur.etag)).ok) return;
    const mentions = r.approvers.map((a) => ({ id: a.aadObjectId, name: a.name }));
    const text = `${mentions.map((m) => `<at>${m.name}</at>`).join(' ')} Reminder: ${r.requester.name} is waiting for approval to ${r.action} \`${r.job}\` in \`${r.workspace}\`; it expires at ${r.expiresAt.slice(11, 16)} UTC.`;
    const targets = r.posts.length ? r.posts.map((p) => p.reference) : [r.originReference];
    for (const ref of targets) {
      await this.deps.messenger.sendText(ref, text, mentions).catch((err: unknown) => this.deps.logger.warn({ err: { message: (err as Error).message } }, 'could not send the escalation reminder'));
    }
    await this.deps.audit.record({ action: 'approval.escalated', workspace: r.workspace, job: r.job, detail: { approvalId: id } });
  }
}
