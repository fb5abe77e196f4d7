import { WorkspaceConfig } from '../config';
import { Job } from '../azureml/types';
import { Deps } from '../deps';
import { triage } from '../logs';
import { isRestLike } from '../shared/errors';
import { TtlCache } from './link-cache';

/** The category and one line that explain a failed job, for a card that has room for nothing more. */
export interface Triage {
  label: string;
  headline: string;
}

export type JobRead =
  | { kind: 'job'; job: Job; triage?: Triage }
  /** Azure says there is no such job, or that the bot may not read it: either way, nothing to show. */
  | { kind: 'unreadable'; status: 403 | 404 };

/** Long enough to absorb a burst of pastes of one link, short enough that a status is never stale for long. */
export const LINK_CACHE_TTL_MS = 60_000;
const LINK_CACHE_MAX = 500;
const HEADLINE_MAX = 160;

/**
 * Reads one job for a card shared into a conversation: one ARM GET, plus the run's error from the
 * data plane only for a failed job (ARM has none; show does the same). Answers are cached per
 * workspace and job for a minute, including "no such job", so repeated pastes cost nothing.
 */
export class CachedJobReader {
  private readonly cache: TtlCache<JobRead>;

  constructor(private readonly deps: Deps) {
    this.cache = new TtlCache<JobRead>(LINK_CACHE_TTL_MS, LINK_CACHE_MAX, deps.now);
  }

  async read(ws: WorkspaceConfig, name: string): Promise<JobRead> {
    const key = `${ws.alias}/${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let job: Job;
    try {
      job = await this.deps.azureml.getJob(ws, name);
    } catch (err) {
      // Only Azure's definite answers are cached; throttling and timeouts are asked again next time.
      if (!isRestLike(err) || (err.statusCode !== 403 && err.statusCode !== 404)) throw err;
      const read: JobRead = { kind: 'unreadable', status: err.statusCode };
      this.cache.set(key, read);
      return read;
    }
    const read: JobRead = { kind: 'job', job, triage: job.status === 'Failed' ? await this.triage(ws, job) : undefined };
    this.cache.set(key, read);
    return read;
  }

  /** The run's error, classified by the log summarizer's rules; a data-plane failure leaves the card without it. */
  private async triage(ws: WorkspaceConfig, job: Job): Promise<Triage | undefined> {
    let message = job.armError;
    if (!message) {
      try {
        message = (await this.deps.azureml.getRun(ws, job.name)).error?.message;
      } catch (err) {
        this.deps.logger.warn({ err: { message: (err as Error).message }, job: job.name }, 'run error read failed; the shared card goes without a headline');
        return undefined;
      }
    }
    return message ? triageOf(message) : undefined;
  }
}

/**
 * A failed job's category and headline from what a job list already says: ARM carries the error of some jobs
 * (AutoML) in the job itself, and then this is the same headline the reader gives an unfurled link. Others need
 * the run's error from the data plane: one call per failed row per keystroke is more than a search may cost, so
 * their search cards go without it and Summary (one press) has it.
 */
export function listedTriage(job: Job): Triage | undefined {
  return job.status === 'Failed' && job.armError ? triageOf(job.armError) : undefined;
}

/** Pure: a failed job's error message → its verdict's label ("Likely: …" when weak) and headline, one card line. */
export function triageOf(message: string): Triage {
  // The same engine as the summary card and the notice: a failed job's error, hedged ("Likely: …") where it is weak.
  const v = triage({ status: 'Failed', runError: { message }, logs: [] });
  const { headline } = v;
  return { label: v.category === 'unknown' ? 'Failed' : v.categoryLabel, headline: headline.length > HEADLINE_MAX ? `${headline.slice(0, HEADLINE_MAX - 1)}…` : headline };
}
