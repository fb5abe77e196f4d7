import { ListQuery } from '../actions/handle-store';
import { normalizeStatus } from '../azureml/status';
import { Job } from '../azureml/types';
import { Turn } from '../deps';
import { ListArgs } from './list-args';

const DEFAULT_TOP = 10;

/** Parsed `list` filters → the stored query (also the compose-box search's, so both filter alike). */
export function listQueryOf(args: Omit<ListArgs, 'workspace'>, turn: Turn, now: Date): ListQuery {
  return {
    statuses: args.statuses?.map(normalizeStatus),
    type: args.type,
    experiment: args.experiment,
    tag: args.tag,
    mine: args.mine ? { name: turn.actor.name, aadObjectId: turn.actor.aadObjectId } : undefined,
    since: args.sinceHours ? new Date(now.getTime() - args.sinceHours * 3600_000).toISOString() : undefined,
    top: args.top ?? DEFAULT_TOP,
  };
}

export function matcher(q: ListQuery): (j: Job) => boolean {
  const statuses = q.statuses ? new Set(q.statuses.map((s) => s.toLowerCase())) : undefined;
  const since = q.since ? new Date(q.since).getTime() : undefined;
  return (j) => {
    if (statuses && !statuses.has(j.status.toLowerCase())) return false;
    if (q.type && j.type.toLowerCase() !== q.type.toLowerCase()) return false;
    if (q.experiment && j.experiment.toLowerCase() !== q.experiment.toLowerCase()) return false;
    if (q.tag) {
      const v = j.tags[q.tag.key];
      if (v === undefined || (q.tag.value !== undefined && v !== q.tag.value)) return false;
    }
    if (q.mine) {
      const who = (j.submitter ?? '').toLowerCase();
      const byName = q.mine.name !== undefined && who === q.mine.name.toLowerCase();
      const byId = q.mine.aadObjectId !== undefined && who === q.mine.aadObjectId.toLowerCase();
      if (!byName && !byId) return false;
    }
    if (since !== undefined && (!j.createdAt || j.createdAt.getTime() < since)) return false;
    return true;
  };
}
