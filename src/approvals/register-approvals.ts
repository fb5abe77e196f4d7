import { ActivityTypes, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { z } from 'zod';
import { messageCard } from '../cards/message-card';
import { AdaptiveCardV15 } from '../cards/types';
import { VERBS } from '../cards/verbs';
import { Deps } from '../deps';
import { UserError } from '../shared/errors';
import { toUserMessage } from '../shared/to-user-message';
import { cardPlaceOf, turnOf } from '../shared/turn';
import { HANDLE_ID } from '../actions/handle-store';
import { ApprovalService } from './approval-service';
import { Decision } from './transitions';

/** The card carries only the request id; the optional comment comes from the card's input. */
const dataSchema = z.object({ h: z.string().regex(HANDLE_ID), comment: z.string().max(500).optional(), verb: z.string().optional() }).strict();

const DECISIONS: Record<string, Decision> = {
  [VERBS.approvalApprove]: 'approve',
  [VERBS.approvalReject]: 'reject',
  [VERBS.approvalWithdraw]: 'withdraw',
};

/**
 * Approval buttons as Universal Actions, plus the Action.Submit fallback routed to the same
 * handler with the same checks. We answer invokes ourselves: teams-ai would otherwise push the
 * clicker's personal view (it has `refresh`) to everyone.
 */
export function registerApprovals(app: Application<TurnState>, deps: Deps, service: ApprovalService): void {
  const verbs = [VERBS.approvalApprove, VERBS.approvalReject, VERBS.approvalWithdraw, VERBS.approvalRefresh];
  for (const verb of verbs) {
    app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
      const card = await handle(deps, service, context, verb, data);
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } } });
      return card;
    });
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
      const card = await handle(deps, service, context, verb, data);
      const update = MessageFactory.attachment(CardFactory.adaptiveCard(card));
      if (context.activity.replyToId) {
        update.id = context.activity.replyToId;
        await context.updateActivity(update);
      } else {
        await context.sendActivity(update);
      }
    });
  }
}

async function handle(deps: Deps, service: ApprovalService, context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardV15> {
  const turn = turnOf(context);
  try {
    const parsed = dataSchema.safeParse(data);
    if (!parsed.success) {
      await deps.audit.record({ action: 'card.rejected', actor: turn.actor, correlationId: turn.correlationId, outcome: 'forged-or-stale', detail: { verb } });
      throw new UserError('This approval card is out of date or was not made by JobOps here.', 'forged');
    }
    const decision = DECISIONS[verb];
    // A refresh (automatic or pressed) only renders; it never changes a decision (R3.4).
    if (!decision || context.activity.value?.trigger === 'automatic') return await service.view(turn, parsed.data.h);
    return await service.decide(turn, parsed.data.h, decision, parsed.data.comment, cardPlaceOf(context));
  } catch (err) {
    const known = err instanceof UserError;
    if (!known) deps.logger.error({ err, correlationId: turn.correlationId, verb }, 'approval action failed');
    return messageCard({ title: known ? 'Not done' : 'Could not do that', text: toUserMessage(err, { operation: 'record that decision', correlationId: turn.correlationId }), tone: 'error' });
  }
}
