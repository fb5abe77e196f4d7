import { stillTrying } from '../cards/progress-text';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { TurnWork } from '../shared/deadline';
import { toUserMessage } from '../shared/to-user-message';
import { CardPlace } from '../shared/turn';
import { ApprovalRequest } from './approval-request';
import type { ApprovalService } from './approval-service';

export interface LateAction {
  id: string;
  /** The stored, approved request whose action is still running. */
  approved: ApprovalRequest;
  work: TurnWork<ApprovalRequest>;
  place?: CardPlace;
}

/**
 * The approved action outlived the turn (Azure is slow): every copy of the card says "still
 * trying" now, and the outcome follows the way a quick one does — cards updated in place and a
 * message to the requester. Returns the card for the approver who pressed.
 */
export function answerLate(deps: Deps, service: ApprovalService, turn: Turn, a: LateAction): AdaptiveCardV15 {
  const progress = stillTrying(deps.azureml.recentTrouble());
  const early = service.broadcast(a.id, a.approved, progress, a.place);
  // Registered after the "still trying" card is built and sent out, so the outcome always lands last.
  a.work.afterwards(async (outcome) => {
    await early;
    if (outcome.status === 'fulfilled') {
      await service.broadcast(a.id, outcome.value, undefined, a.place);
      await service.tellRequester(outcome.value);
      return;
    }
    // Azure may have acted but the outcome is not stored; the sweeper resumes the approved request (T17).
    deps.logger.error({ err: outcome.reason, approvalId: a.id, correlationId: turn.correlationId }, 'approved action failed after the turn answered');
    const why = toUserMessage(outcome.reason, { operation: 'record its outcome', workspaceAlias: a.approved.workspace, correlationId: turn.correlationId });
    await deps.messenger.sendText(a.approved.originReference, `The approved ${a.approved.action} of \`${a.approved.job}\` has not finished: ${why}`).catch((err: unknown) => {
      deps.logger.error({ err: { message: (err as Error).message }, approvalId: a.id }, 'could not tell the requester that the approved action has not finished');
    });
  });
  return service.card(a.id, a.approved, turn.actor.aadObjectId, progress);
}
