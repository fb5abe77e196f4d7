import { MessagingExtensionAttachment, MessagingExtensionResult } from 'botbuilder';
import { WorkspaceConfig } from '../config';
import { sharedJobCard } from '../cards/shared-job-card';
import { Deps, Turn } from '../deps';
import { startTurnWork } from '../shared/deadline';
import { CachedJobReader, JobRead } from './job-reader';
import { cardAttachment, jobPreview, noResult, thumbnail, unfurlCard, unfurlResult } from './results';
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

/**
 * Reads the job within the invoke deadline (Teams gives a message extension 5 s). Past it the read
 * carries on and fills the cache, so the next request for the same job answers at once.
 */
async function readWithinDeadline(deps: Deps, reader: CachedJobReader, ws: WorkspaceConfig, job: string): Promise<JobRead | 'slow'> {
  const work = startTurnWork(() => reader.read(ws, job), deps.logger, 'message extension job read');
  const r = await work.within(deps.config.replyDeadlineMs);
  if (r.done) return r.value;
  work.afterwards(async (o) => {
    if (o.status === 'rejected') deps.logger.warn({ err: { message: (o.reason as Error).message }, job }, 'late job read for a message extension failed');
  });
  return 'slow';
}

/**
 * The job card to insert into the conversation the request came from. Its buttons carry one sealed
 * read handle bound to that conversation (R3.2): nothing is stored, and a press elsewhere fails its MAC.
 */
async function sharedJobAttachment(deps: Deps, turn: Turn, ws: WorkspaceConfig, read: Extract<JobRead, { kind: 'job' }>): Promise<MessagingExtensionAttachment> {
  const handle = deps.handles.job({ workspace: ws.alias, job: read.job.name, conversationId: turn.conversationId });
  const now = deps.now();
  const card = sharedJobCard({ workspaceAlias: ws.alias, production: ws.production, job: read.job, triage: read.triage, now, handles: { details: handle, summary: handle } });
  return cardAttachment(unfurlCard(card), jobPreview(read.job, ws.alias, now));
}
