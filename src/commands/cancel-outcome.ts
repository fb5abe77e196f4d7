import { HandleOf } from '../actions/handle-store';
import { AzureIds, idsFromError } from '../azureml/azure-signals';
import { isCancellable } from '../azureml/status';
import { Job } from '../azureml/types';
import { WorkspaceConfig } from '../config';
import { Deps, Turn } from '../deps';
import { toUserMessage } from '../shared/to-user-message';
import { CardPlace } from '../shared/turn';
import { cancelCardFor, notCancellable } from './cancel-view';

const PERMISSION = 'Microsoft.MachineLearningServices/workspaces/jobs/cancel/action';

export interface CancelOutcome {
  final: HandleOf<'cancel'>;
  /** The job as last read, when Azure could be read. */
  latest?: Job;
}

/**
 * The Azure part of a confirmed cancel, then its outcome stored and audited. Runs only after the
 * decision was stored (compare-and-set), and may outlive the turn when Azure is slow.
 */
export async function carryOutCancel(deps: Deps, turn: Turn, ws: WorkspaceConfig, id: string, decided: HandleOf<'cancel'>): Promise<CancelOutcome> {
  let final: HandleOf<'cancel'>;
  let latest: Job | undefined;
  let ids: AzureIds = {};
  try {
    // Re-read first: Azure answers 200 to a cancel of a finished job, so only we can tell the user.
    latest = await deps.azureml.getJob(ws, decided.job);
    if (!isCancellable(latest.status)) {
      final = { ...decided, state: 'failed', outcome: notCancellable(latest) };
    } else {
      const cancel = await deps.azureml.cancelJob(ws, decided.job, 2_500);
      ids = cancel.ids;
      // Azure took the cancel: a failed re-read leaves the status at CancelRequested, never "did not go through".
      if (cancel.readError) deps.logger.warn({ err: { message: (cancel.readError as Error).message }, correlationId: turn.correlationId }, 'cancel accepted; the job could not be re-read');
      // The card shows what Azure accepted even when the read lags behind or failed (then the facts read before).
      latest = { ...(cancel.job ?? latest), status: cancel.status };
      final = { ...decided, state: 'cancelled', outcome: cancel.status };
    }
  } catch (err) {
    deps.logger.error({ err, correlationId: turn.correlationId }, 'cancel failed');
    // The POST's ids if it was answered; otherwise those of the call that failed.
    if (!ids.requestId) ids = idsFromError(err);
    // Azure did not take the cancel (the client re-reads before any retry): the button works again.
    const message = toUserMessage(err, { operation: 'cancel jobs', permission: PERMISSION, workspaceAlias: ws.alias, correlationId: turn.correlationId });
    final = { ...decided, state: 'pending', decidedBy: undefined, decidedAt: undefined, outcome: message };
  }
  const stored = await deps.handles.get(id);
  if (stored) await deps.handles.put(id, final, stored.etag);
  await deps.audit.record({
    action: 'cancel.result', actor: turn.actor, workspace: ws.alias, job: decided.job, correlationId: turn.correlationId,
    outcome: `${final.state}: ${final.outcome ?? ''}`, azureRequestId: ids.requestId, azureCorrelationId: ids.correlationRequestId,
  });
  return { final, latest };
}

/**
 * A cancel that outlived its turn has ended: the pressed card is updated in place and a short
 * message says how it ended (an in-place update alone is easy to miss). Failures are logged.
 */
export async function tellCancelOutcome(deps: Deps, turn: Turn, place: CardPlace, h: HandleOf<'cancel'>, id: string, outcome: PromiseSettledResult<CancelOutcome>): Promise<void> {
  const log = deps.logger.child({ correlationId: turn.correlationId, job: h.job });
  let text: string;
  if (outcome.status === 'rejected') {
    // Azure may have acted, but the outcome could not be stored (storage trouble): say so, with the ref.
    log.error({ err: outcome.reason }, 'the cancel outcome could not be stored');
    text = `I could not finish the cancel of \`${h.job}\`: ${toUserMessage(outcome.reason, { operation: 'record the outcome', workspaceAlias: h.workspace, correlationId: turn.correlationId })}`;
  } else {
    const { final, latest } = outcome.value;
    text = followUp(final);
    if (place.activityId) {
      const card = await cancelCardFor(deps, final, id, { known: latest });
      await deps.messenger.updateCard(place.reference, place.activityId, card).catch((err: unknown) => {
        log.warn({ err: { message: (err as Error).message } }, 'could not update the cancel card with the outcome');
      });
    }
  }
  await deps.messenger.sendText(place.reference, text).catch((err: unknown) => {
    log.error({ err: { message: (err as Error).message } }, 'could not send the cancel outcome');
  });
}

function followUp(final: HandleOf<'cancel'>): string {
  switch (final.state) {
    case 'cancelled': return `Cancelled \`${final.job}\` in \`${final.workspace}\` as ${final.decidedBy?.name ?? 'asked'} confirmed; it is now ${final.outcome ?? 'being cancelled'}.`;
    case 'failed': return final.outcome ?? `\`${final.job}\` was not cancelled.`;
    default: return `The cancel of \`${final.job}\` did not go through: ${final.outcome ?? 'Azure ML did not take it.'} Press "Cancel job" on the card to try again.`;
  }
}
