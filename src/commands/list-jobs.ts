import { WorkspaceConfig } from '../config';
import { HandleOf, ListQuery } from '../actions/handle-store';
import { Job } from '../azureml/types';
import { jobListCard } from '../cards/job-list-card';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { UserError } from '../shared/errors';
import { ListArgs } from '../jobs/list-args';
import { listQueryOf, matcher } from '../jobs/list-query';
import { resolveWorkspace } from '../jobs/workspace';

/** Bound the ARM pages one reply may read, so a rare filter cannot blow Teams' reply time. */
const MAX_ARM_PAGES = 8;

export async function listJobs(deps: Deps, turn: Turn, args: ListArgs): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, args.workspace);
  return renderPage(deps, turn, ws, listQueryOf(args, turn, deps.now()), { skipInPage: 0, pageNumber: 1 });
}

/** The More button: continue from the position sealed in its read handle. */
export async function continueList(deps: Deps, turn: Turn, h: HandleOf<'list-page'>): Promise<AdaptiveCardV15> {
  if (!h.hasMore) throw new UserError('That list has no more jobs.', 'no_more');
  const ws = resolveWorkspace(deps.config, h.workspace);
  return renderPage(deps, turn, ws, h.query, { armNext: h.armNext, skipInPage: h.skipInPage, pageNumber: h.pageNumber + 1 });
}

async function renderPage(
  deps: Deps, turn: Turn, ws: WorkspaceConfig, query: ListQuery, from: { armNext?: string; skipInPage: number; pageNumber: number },
): Promise<AdaptiveCardV15> {
  const match = matcher(query);
  const rows: Job[] = [];
  let next = from.armNext;
  let skip = from.skipInPage;
  let pos: { armNext?: string; skipInPage: number } | undefined;
  // jobType and tag key are server-side filters; status, experiment, submitter, time and tag value are ours.
  const server = { jobType: query.type, tag: query.tag?.key };
  for (let pages = 0; pages < MAX_ARM_PAGES && !pos; pages++) {
    const page = await deps.azureml.listJobsPage(ws, server, next);
    for (let i = skip; i < page.jobs.length; i++) {
      const job = page.jobs[i]!;
      if (!match(job)) continue;
      if (rows.length === query.top) {
        pos = { armNext: next, skipInPage: i };
        break;
      }
      rows.push(job);
    }
    skip = 0;
    if (pos || !page.next) break;
    // Full at a page boundary: stop here rather than spend a call to prove more exist (P2).
    if (rows.length === query.top) {
      pos = { armNext: page.next, skipInPage: 0 };
      break;
    }
    next = page.next;
    if (pages === MAX_ARM_PAGES - 1) pos = { armNext: next, skipInPage: 0 };
  }
  // Read-only buttons are sealed read handles: a list reply writes nothing to storage (issue 13).
  const conversationId = turn.conversationId;
  const moreHandle = pos ? deps.handles.listMore({ workspace: ws.alias, query, armNext: pos.armNext, skipInPage: pos.skipInPage, pageNumber: from.pageNumber, conversationId }) : undefined;
  return jobListCard({
    workspaceAlias: ws.alias,
    production: ws.production,
    filtersText: describe(query),
    rows: rows.map((job) => ({ job, showHandle: deps.handles.job({ workspace: ws.alias, job: job.name, conversationId }) })),
    moreHandle,
    now: deps.now(),
    pageNumber: from.pageNumber,
  });
}

function describe(q: ListQuery): string {
  const parts: string[] = [];
  if (q.statuses) parts.push(`status ${q.statuses.join(', ')}`);
  if (q.type) parts.push(`type ${q.type}`);
  if (q.experiment) parts.push(`experiment ${q.experiment}`);
  if (q.tag) parts.push(`tag ${q.tag.key}${q.tag.value !== undefined ? `=${q.tag.value}` : ''}`);
  if (q.mine) parts.push('submitted by you');
  if (q.since) parts.push(`since ${q.since.slice(0, 16).replace('T', ' ')} UTC`);
  return parts.length ? `Newest first · ${parts.join(' · ')}` : 'Newest first · all statuses';
}
