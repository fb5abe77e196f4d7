import { MessagingExtensionResult } from 'botbuilder';
import { Deps, Turn } from '../deps';
import { CachedJobReader } from './job-reader';
import { noResult, thumbnail, unfurlResult } from './results';
import { readWithinDeadline, sharedJobAttachment } from './share-job';
import { parseStudioLink, servedWorkspace } from './studio-link';

export const NOT_SERVED_TITLE = 'Azure ML job';
export const NOT_SERVED_TEXT = 'Not a workspace this bot serves: JobOps shows jobs of its configured workspaces only.';

/**
 * `composeExtension/queryLink`: a pasted Studio job link → the job's card. Whatever goes wrong, the
 * answer is a card or nothing, never an error in someone's compose box, and never another
 * workspace's data: the job is read only from the configured workspace the link itself names.
 */
export async function unfurlLink(deps: Deps, reader: CachedJobReader, turn: Turn, url: unknown): Promise<MessagingExtensionResult> {
  const link = parseStudioLink(url);
  if (!link) return noResult();
  const ws = servedWorkspace(deps.config, link);
  if (!ws) {
    deps.logger.info({ correlationId: turn.correlationId }, 'unfurl: a Studio link to a workspace JobOps is not configured for');
    const card = thumbnail(NOT_SERVED_TITLE, 'JobOps', NOT_SERVED_TEXT);
    return { type: 'result', attachmentLayout: 'list', attachments: [{ ...card, preview: card }] };
  }
  const read = await readWithinDeadline(deps, reader, ws, link.job);
  if (read === 'slow' || read.kind === 'unreadable') {
    deps.logger.info({ correlationId: turn.correlationId, workspace: ws.alias, outcome: read === 'slow' ? 'slow' : read.status }, 'unfurl: no card for that job');
    return noResult();
  }
  return unfurlResult(await sharedJobAttachment(deps, turn, ws, read));
}
