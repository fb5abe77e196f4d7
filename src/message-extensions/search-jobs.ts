import { MessagingExtensionResult } from 'botbuilder';
import { z } from 'zod';
import { Config, WorkspaceConfig } from '../config';
import { Job } from '../azureml/types';
import { sharedJobCard } from '../cards/shared-job-card';
import { listQueryOf, matcher } from '../jobs/list-query';
import { Deps, Turn } from '../deps';
import { startTurnWork } from '../shared/deadline';
import { toUserMessage } from '../shared/to-user-message';
import { listedTriage } from './job-reader';
import { cardAttachment, jobPreview, listResult, messageResult, noResult } from './results';
import { JobSearch, parseSearch } from './search-text';

/** The manifest's search command and its parameters (appPackage/manifest.json). */
export const SEARCH_COMMAND = 'searchJobs';
export const QUERY_PARAMETER = 'query';
export const WORKSPACE_PARAMETER = 'workspace';
/** What the issue asks for, and what fits a compose-box result list. */
export const MAX_RESULTS = 10;
const READ = 'Microsoft.MachineLearningServices/workspaces/jobs/read';

/**
 * The invoke's `value` as Microsoft documents it; extra keys Teams adds (context, commandContext) pass.
 * Teams always names the command and parameter; the Agents Playground leaves them out unless told, and
 * with one search command there is no doubt what was meant.
 */
const querySchema = z.object({
  commandId: z.string().max(64).default(SEARCH_COMMAND),
  parameters: z.array(z.object({ name: z.string().max(64).default(QUERY_PARAMETER), value: z.unknown() })).max(5).default([]),
  queryOptions: z.object({ skip: z.number().int().min(0).optional(), count: z.number().int().min(0).optional() }).optional(),
});

const HOW = 'Type part of a job name, an experiment, or a status such as failed or running; add "in <workspace>" for another workspace.';

/**
 * `composeExtension/query`: one ARM page of the workspace's newest jobs (the same call and filters
 * as `list`, and the same permission: anyone in the tenant), the first ten that match, each a card
 * with the one-line preview Teams lists. Choosing one inserts that card as it is: the same card an
 * unfurled link gives (shared-job-card.ts), with the failure headline when the list already has it
 * (listedTriage: no extra Azure call per keystroke).
 *
 * Its buttons (Summary, Details) are read-only, so each carries a sealed read handle and a keystroke
 * writes nothing to storage. The handle is bound to the invoke's conversation, the one the user is
 * composing in (Teams and the Agents Playground both send its id with the query): the card is sent
 * there, so that is where its presses come from, and a press from any other conversation (a forged
 * or forwarded card) fails the MAC, as a stored handle's conversation check did. The binding is a
 * MAC over the id the invoke carries, so the bot need not know that conversation at query time.
 *
 * No `composeExtension/selectItem` round trip: it would re-read the job, but the Agents Playground
 * refuses results that ask for it, and inserting the result's own card is Microsoft's basic flow.
 */
export async function searchJobs(deps: Deps, turn: Turn, value: unknown): Promise<MessagingExtensionResult> {
  const q = querySchema.safeParse(value);
  if (!q.success || q.data.commandId !== SEARCH_COMMAND) return messageResult(`I could not read that search. ${HOW}`);
  // One page per query: when Teams scrolls for more (skip > 0) there is nothing further to give.
  if ((q.data.queryOptions?.skip ?? 0) > 0) return noResult();
  const param = (name: string): string => {
    const v = q.data.parameters.find((p) => p.name === name)?.value;
    return typeof v === 'string' ? v : '';
  };
  // Teams' first request when the extension opens (`initialRun`) carries no text: the newest jobs.
  const parsed = parseSearch(param(QUERY_PARAMETER));
  if (!parsed.ok) return messageResult(parsed.error);
  const picked = pickWorkspace(deps.config, param(WORKSPACE_PARAMETER).trim().toLowerCase() || parsed.search.workspace);
  if (typeof picked === 'string') return messageResult(picked);
  const ws = picked;
  const search = parsed.search;

  const query = listQueryOf(search.filters, turn, deps.now());
  const limit = Math.min(query.top, MAX_RESULTS);
  const work = startTurnWork(() => deps.azureml.listJobsPage(ws, { jobType: query.type, tag: query.tag?.key }), deps.logger, 'compose-box search');
  let page: Awaited<ReturnType<typeof work.within>>;
  try {
    page = await work.within(deps.config.replyDeadlineMs);
  } catch (err) {
    deps.logger.warn({ err, correlationId: turn.correlationId, workspace: ws.alias }, 'compose-box search: listing jobs failed');
    return messageResult(toUserMessage(err, { operation: 'list jobs', permission: READ, workspaceAlias: ws.alias, correlationId: turn.correlationId }));
  }
  if (!page.done) return messageResult(`Azure ML is slow to answer for ${ws.alias} right now. Keep typing or try again in a moment.`);
  const wanted = matcher(query);
  const rows = page.value.jobs.filter((j) => wanted(j) && hasWords(j, search.words)).slice(0, limit);
  if (rows.length === 0) return messageResult(noMatch(ws, search, page.value.jobs.length));

  const now = deps.now();
  return listResult(rows.map((job) => {
    const h = deps.handles.job({ workspace: ws.alias, job: job.name, conversationId: turn.conversationId });
    const card = sharedJobCard({ workspaceAlias: ws.alias, production: ws.production, job, triage: listedTriage(job), now, handles: { details: h, summary: h } });
    return cardAttachment(card, jobPreview(job, ws.alias, now));
  }));
}

/**
 * An alias, or the start of exactly one (the search box asks again on every keystroke); otherwise
 * the sentence to show, naming the workspaces there are.
 */
function pickWorkspace(config: Config, typed: string | undefined): WorkspaceConfig | string {
  if (!typed) return config.workspaces[config.defaultWorkspace]!;
  const exact = config.workspaces[typed];
  if (exact) return exact;
  const starts = Object.values(config.workspaces).filter((w) => w.alias.startsWith(typed));
  if (starts.length === 1) return starts[0]!;
  return `No workspace called "${echo(typed)}". Workspaces: ${Object.keys(config.workspaces).join(', ')}.`;
}

function hasWords(j: Job, words: string[]): boolean {
  const hay = `${j.name} ${j.displayName ?? ''} ${j.experiment}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

function noMatch(ws: WorkspaceConfig, s: JobSearch, looked: number): string {
  const what = [...s.words, ...(s.filters.statuses ?? []).map((x) => x.toLowerCase())].join(' ');
  const asked = what ? ` "${echo(what)}"` : '';
  return `No jobs match${asked} in ${ws.alias} (I looked at the newest ${looked}). For older jobs, ask JobOps in a chat: list in ${ws.alias} status=… since=…`;
}

/** Typed text echoed back: no control or invisible format characters (bidi overrides), and short. */
export function echo(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
}
