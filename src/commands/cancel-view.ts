import { HandleOf, JobSnapshot } from '../actions/handle-store';
import { Job } from '../azureml/types';
import { CancelCardState, cancelCard } from '../cards/cancel-card';
import { utc } from '../cards/format';
import { alreadyInProgress } from '../cards/progress-text';
import { AdaptiveCardV15 } from '../cards/types';
import { WorkspaceConfig } from '../config';
import { Deps } from '../deps';
import { startTurnWork } from '../shared/deadline';
import { resolveWorkspace } from '../jobs/workspace';

/**
 * A confirmed cancel whose decision is older than this is no longer being worked on (the process
 * that pressed it died): one cancel's Azure calls are bounded far below it (src/azureml).
 */
const WORKING_FOR_AT_MOST_MS = 2 * 60_000;

export interface CancelViewOptions {
  /** The job as just read by the caller; otherwise it is read here (or taken from the snapshot). */
  known?: Job;
  /** Inside a turn: how long a re-read of the job may take before the snapshot is shown instead. */
  readWithinMs?: number;
  /** Why a cancel that outlived the turn is still going (only for the `confirming` state). */
  note?: string;
}

/** Is the first press's Azure work still running, so a second press must start nothing? */
export function isWorking(h: HandleOf<'cancel'>, now: Date): boolean {
  return h.state === 'confirming' && (!h.decidedAt || now.getTime() - new Date(h.decidedAt).getTime() < WORKING_FOR_AT_MOST_MS);
}

/** Renders a cancel request from its stored state (replays, second presses and late outcomes land here). */
export async function cancelCardFor(deps: Deps, h: HandleOf<'cancel'>, id: string, o: CancelViewOptions = {}): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, h.workspace);
  const working = isWorking(h, deps.now());
  // While the first press is still talking to Azure, another call would only queue behind the same throttling.
  const job = o.known ?? (working ? fromSnapshot(h) : await readJob(deps, ws, h, o.readWithinMs));
  const show = deps.handles.job({ workspace: ws.alias, job: h.job, conversationId: h.conversationId });
  const at = h.decidedAt ? new Date(h.decidedAt) : deps.now();
  const by = h.decidedBy?.name ?? 'someone';
  let state: CancelCardState;
  switch (h.state) {
    case 'kept': state = { kind: 'kept', by, at }; break;
    case 'cancelled': state = { kind: 'cancelled', by, at, confirmed: job.status === 'Canceled' }; break;
    case 'confirming':
      state = working ? { kind: 'working', note: o.note ?? alreadyInProgress(by, utc(at)) } : { kind: 'cancelled', by, at, confirmed: false };
      break;
    case 'failed': state = { kind: 'failed', message: h.outcome ?? 'The cancel did not go through.' }; break;
    case 'pending': state = { kind: 'confirm', confirmHandle: id, keepHandle: id, lastError: h.outcome }; break;
  }
  return cancelCard({ workspaceAlias: ws.alias, job, requestedBy: h.requester.name, reason: h.reason, now: deps.now(), showHandle: show, state });
}

/**
 * The outcome must reach the user even when Azure cannot be read right now: after a failed or
 * (inside a turn) too slow read, the facts captured when the cancel was asked for are shown.
 */
async function readJob(deps: Deps, ws: WorkspaceConfig, h: HandleOf<'cancel'>, withinMs: number | undefined): Promise<Job> {
  try {
    if (withinMs === undefined) return await deps.azureml.getJob(ws, h.job);
    // A read that misses the turn's deadline is left to finish on its own; the card uses the snapshot.
    const r = await startTurnWork(() => deps.azureml.getJob(ws, h.job), deps.logger, 'job re-read for a cancel card').within(withinMs);
    return r.done ? r.value : fromSnapshot(h);
  } catch (err) {
    deps.logger.warn({ err: { message: (err as Error).message }, job: h.job }, 'could not re-read the job for a cancel card; showing the stored facts');
    return fromSnapshot(h);
  }
}

export function toSnapshot(job: Job): JobSnapshot {
  return {
    type: job.type, status: job.status, experiment: job.experiment, displayName: job.displayName,
    submitter: job.submitter, compute: job.compute, startedAt: job.startedAt?.toISOString(),
  };
}

function fromSnapshot(h: HandleOf<'cancel'>): Job {
  const s = h.snapshot;
  if (!s) return { name: h.job, type: 'Unknown', status: 'Unknown', experiment: '—', tags: {}, inputs: [], outputs: [], archived: false };
  return {
    name: h.job, type: s.type, status: s.status, experiment: s.experiment, displayName: s.displayName, submitter: s.submitter,
    compute: s.compute, startedAt: s.startedAt ? new Date(s.startedAt) : undefined, tags: {}, inputs: [], outputs: [], archived: false,
  };
}

export function notCancellable(job: Job): string {
  return job.status === 'CancelRequested'
    ? `\`${job.name}\` is already being cancelled.`
    : `\`${job.name}\` is no longer running (it is ${job.status}); nothing to cancel.`;
}
