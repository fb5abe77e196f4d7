import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { z } from 'zod';
import { messageCard } from '../cards/message-card';
import { AdaptiveCardV15 } from '../cards/types';
import { VERBS, Verb } from '../cards/verbs';
import { confirmCancel, requestCancel } from '../commands/cancel-job';
import { confirmRerun, requestRerun } from '../commands/rerun-job';
import { continueList } from '../commands/list-jobs';
import { showJob } from '../commands/show-job';
import { SummaryWatcher } from '../commands/summary-watcher';
import { summaryCard } from '../cards/summary-card';
import { summarizeJob } from '../jobs/summarize-job';
import { resolveWorkspace } from '../jobs/workspace';
import { Deps, Turn } from '../deps';
import { UserError } from '../shared/errors';
import { toUserMessage } from '../shared/to-user-message';
import { cardPlaceOf, turnOf } from '../shared/turn';
import { Handle, isHandleShape } from './handle-store';
import { ProductionGate } from '../jobs/production-gate';
import { compareWithLastGood } from '../compare/compare-runs';

/**
 * Card data is only ever a handle (+ a row index); anything else is forged (R3.2). A handle is a stored record's id
 * or a sealed read handle (read-handles.ts). The row index is only on compose-box search cards inserted before
 * those used sealed handles (a stored list record per search): accepted until those records expire
 * (HANDLE_TTL_MAX, 7 d), after which `i` and the list-page case of showJob can go.
 */
const dataSchema = z.object({ h: z.string().max(6100).refine(isHandleShape), i: z.number().int().min(0).max(24).optional() }).strict();

/** Which handle kinds each verb accepts: a valid handle used with another verb is also forged. */
type HandleVerb = Exclude<Verb, `approval.${string}`>;
const ACCEPTS: Record<HandleVerb, Handle['kind'][]> = {
  [VERBS.showJob]: ['job', 'list-page'],
  [VERBS.refreshJob]: ['job'],
  [VERBS.summary]: ['job'],
  [VERBS.cancelRequest]: ['job'],
  [VERBS.cancelConfirm]: ['cancel'],
  [VERBS.cancelKeep]: ['cancel'],
  [VERBS.rerunRequest]: ['job'],
  [VERBS.rerunConfirm]: ['rerun'],
  [VERBS.rerunKeep]: ['rerun'],
  [VERBS.listMore]: ['list-page'],
  [VERBS.summaryStop]: ['watch'],
  [VERBS.summaryRefresh]: ['job'],
  [VERBS.noticeMute]: ['mute'],
  [VERBS.compareLastGood]: ['job'],
};

const STALE = 'This card is out of date or was not made by JobOps here. Run the command again to get a fresh one.';

/**
 * Verbs whose buttons also carry an Action.Submit fallback (the shared job card: an unfurled link's card is
 * declared Adaptive Card 1.3, where a client may not render Action.Execute). Read-only verbs only.
 */
const SUBMIT_FALLBACK: HandleVerb[] = [VERBS.summary, VERBS.showJob];

export function registerCardActions(app: Application<TurnState>, deps: Deps, watcher: SummaryWatcher, gate: ProductionGate): void {
  const answer = async (context: TurnContext, verb: HandleVerb, data: unknown): Promise<AdaptiveCardV15> => {
    const turn = turnOf(context);
    const t0 = performance.now();
    try {
      const card = await handle(deps, watcher, gate, context, turn, verb, data);
      deps.telemetry?.reply(verb, performance.now() - t0, true);
      return card;
    } catch (err) {
      deps.telemetry?.reply(verb, performance.now() - t0, false);
      const known = err instanceof UserError;
      if (!known) deps.logger.error({ err, correlationId: turn.correlationId, verb }, 'card action failed');
      return messageCard({ title: known ? 'Not done' : 'Something went wrong', text: toUserMessage(err, { operation: 'do that', correlationId: turn.correlationId }), tone: 'error' });
    }
  };
  // Approval verbs are registered by src/approvals; these are the handle-backed ones.
  for (const verb of Object.keys(ACCEPTS) as HandleVerb[]) {
    app.adaptiveCards.actionExecute(verb, (context, _state, data) => answer(context, verb, data));
  }
  // A fallback press is a message whose value is `{verb, h}`: the same checks on `{h}`, and the answer is a new
  // message (the card it came from may be someone's pasted link, which the bot cannot update).
  for (const verb of SUBMIT_FALLBACK) {
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
      const { verb: _verb, ...rest } = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(await answer(context, verb, rest))));
    });
  }
}

async function handle(deps: Deps, watcher: SummaryWatcher, gate: ProductionGate, context: TurnContext, turn: Turn, verb: HandleVerb, data: unknown): Promise<AdaptiveCardV15> {
  const parsed = dataSchema.safeParse(data);
  // A handle is bound to the conversation it was made for; used elsewhere it is forged or leaked (resolve says none).
  const stored = parsed.success ? await deps.handles.resolve(parsed.data.h, turn.conversationId) : undefined;
  const h = stored?.value;
  // A row index belongs to a stored list record's rows only (older compose-box search cards); elsewhere it is altered data.
  if (!parsed.success || !stored || !h || !ACCEPTS[verb].includes(h.kind) || (parsed.data.i !== undefined && h.kind !== 'list-page')) {
    await deps.audit.record({ action: 'card.rejected', actor: turn.actor, correlationId: turn.correlationId, outcome: 'forged-or-stale', detail: { verb } });
    return messageCard({ title: 'Card out of date', text: STALE, tone: 'error' });
  }
  const id = parsed.data.h;
  if (h.kind !== 'cancel' && h.kind !== 'rerun' && new Date(h.expiresAt) < deps.now()) throw new UserError('This card has expired. Run the command again to get a fresh one.', 'expired');

  switch (h.kind) {
    case 'job':
      if (verb === VERBS.cancelRequest) {
        const ws = resolveWorkspace(deps.config, h.workspace);
        if (!ws.production) return requestCancel(deps, turn, h.job, h.workspace);
        await gate.requestCancel(context, turn, ws, h.job);
        return messageCard({ title: 'Approval requested', text: `Cancelling \`${h.job}\` in \`${ws.alias}\` needs an approver; the request card is posted.` });
      }
      if (verb === VERBS.rerunRequest) {
        const ws = resolveWorkspace(deps.config, h.workspace);
        if (!ws.production) return requestRerun(deps, turn, h.job, h.workspace);
        await gate.requestRerun(context, turn, ws, h.job);
        return messageCard({ title: 'Approval requested', text: `Rerunning \`${h.job}\` in \`${ws.alias}\` needs an approver; the request card is posted.` });
      }
      if (verb === VERBS.summary || verb === VERBS.summaryRefresh) return summaryFor(deps, turn, h.workspace, h.job);
      if (verb === VERBS.compareLastGood) return compareWithLastGood(deps, h.workspace, h.job);
      return showJob(deps, turn, h.job, h.workspace);
    case 'list-page': {
      if (verb === VERBS.listMore) return continueList(deps, turn, h);
      const name = parsed.data.i === undefined ? undefined : h.rows[parsed.data.i];
      if (!name) return messageCard({ title: 'Card out of date', text: STALE, tone: 'error' });
      return showJob(deps, turn, name, h.workspace);
    }
    // State-changing kinds are always stored records (compare-and-set on their ETag), never sealed.
    case 'cancel':
      if (!stored.etag) return messageCard({ title: 'Card out of date', text: STALE, tone: 'error' });
      return confirmCancel(deps, turn, id, h, stored.etag, verb === VERBS.cancelKeep, cardPlaceOf(context));
    case 'rerun':
      if (!stored.etag) return messageCard({ title: 'Card out of date', text: STALE, tone: 'error' });
      return confirmRerun(deps, turn, id, h, stored.etag, verb === VERBS.rerunKeep);
    case 'mute': {
      const until = new Date(deps.now().getTime() + h.hours * 3600_000);
      await deps.mutes.mute(turn.conversationId, { kind: 'experiment', name: h.experiment, workspace: h.workspace, until: until.toISOString(), by: turn.actor.name });
      await deps.audit.record({ action: 'notice.muted', actor: turn.actor, workspace: h.workspace, correlationId: turn.correlationId, detail: { experiment: h.experiment, hours: h.hours } });
      return messageCard({ title: 'Muted', text: `No notices about experiment \`${h.experiment}\` in \`${h.workspace}\` here until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC. Say \`unmute ${h.experiment} in ${h.workspace}\` to undo.` });
    }
    case 'watch': {
      await watcher.finish(id, 'stopped');
      const card = await watcher.render(id, h, `Updates stopped by ${turn.actor.name}.`);
      return card.card;
    }
  }
}

async function summaryFor(deps: Deps, turn: Turn, alias: string, job: string): Promise<AdaptiveCardV15> {
  const { model } = await summarizeJob(deps, resolveWorkspace(deps.config, alias), job);
  // A fresh read handle (the pressed one may be older, or stored): the summary card's buttons outlive it by a week.
  const handle = deps.handles.job({ workspace: alias, job, conversationId: turn.conversationId });
  return summaryCard({ ...model, handles: { show: handle, refresh: handle } });
}
