import { MessagingExtensionResult } from 'botbuilder';
import { z } from 'zod';
import { HANDLE_ID } from '../actions/handle-store';
import { resolveWorkspace } from '../commands/workspace';
import { Deps, Turn } from '../deps';
import { sameConversation } from '../shared/turn';
import { CachedJobReader } from './job-reader';
import { listResult, messageResult } from './results';
import { readWithinDeadline, sharedJobAttachment } from './share-job';
import { MAX_RESULTS } from './search-jobs';

/** What a result's tap carries: the search's handle and the row. Anything else was not made by us (R3.2). */
const itemSchema = z.object({ h: z.string().regex(HANDLE_ID), i: z.number().int().min(0).max(MAX_RESULTS - 1) }).strict();

export const STALE_RESULT = 'That search result is out of date or was not made by JobOps here. Search again.';

/**
 * `composeExtension/selectItem`: the chosen result → the job card inserted into the compose box.
 * The job and workspace come from the stored search, which must belong to this conversation; the
 * job is read again (one ARM GET) so the card shows its status now, not when the list was drawn.
 */
export async function selectJob(deps: Deps, reader: CachedJobReader, turn: Turn, value: unknown): Promise<MessagingExtensionResult> {
  const item = itemSchema.safeParse(value);
  const stored = item.success ? await deps.handles.get(item.data.h) : undefined;
  const h = stored?.value;
  const name = item.success && h?.kind === 'list-page' ? h.rows[item.data.i] : undefined;
  if (!item.success || !h || h.kind !== 'list-page' || !name || !sameConversation(h.conversationId, turn.conversationId) || new Date(h.expiresAt) < deps.now()) {
    await deps.audit.record({ action: 'card.rejected', actor: turn.actor, correlationId: turn.correlationId, outcome: 'forged-or-stale', detail: { verb: 'composeExtension/selectItem' } });
    return messageResult(STALE_RESULT);
  }
  const ws = resolveWorkspace(deps.config, h.workspace);
  const read = await readWithinDeadline(deps, reader, ws, name);
  if (read === 'slow') return messageResult(`Azure ML is slow to answer for ${ws.alias} right now. Choose the job again in a moment.`);
  if (read.kind === 'unreadable') {
    return messageResult(read.status === 404 ? `${name} is no longer in ${ws.alias}.` : `JobOps may not read ${name} in ${ws.alias}: the bot's identity lacks Microsoft.MachineLearningServices/workspaces/jobs/read there.`);
  }
  return listResult([await sharedJobAttachment(deps, turn, ws, read)]);
}
