/**
 * The compute side of a job for its cards: why it is still queued (a job waiting over a minute) and what it has
 * cost so far (a job that started). Reads go through ComputeContext's short cache; a read that fails leaves that
 * part off the card and is logged, because the job's own facts are still worth showing.
 */
import { Logger } from 'pino';
import { Job, Run, VmSizeInfo } from '../azureml/types';
import { WorkspaceConfig } from '../config';
import { ComputeContext, COMPUTE_CACHE_MS, SIZES_CACHE_MS } from './compute-context';
import { CostSoFar, costSoFar } from './cost';
import { QueueReason, isWaiting, queueReason } from './queue-reason';

export interface JobContext {
  queue?: QueueReason;
  cost?: CostSoFar;
}

export interface JobContextInput {
  ws: WorkspaceConfig;
  job: Job;
  /** Children already read (sweep trials, pipeline steps); their run times make up the cost. */
  children?: Run[];
  /** A job list the caller already read; otherwise one page is read (cached) to name who holds the nodes. */
  others?: Job[];
  now: Date;
  /** Explain the compute of a job that ended without ever starting (its failure notice), as if it were waiting. */
  neverStarted?: boolean;
}

export async function jobContext(cc: ComputeContext, logger: Logger, i: JobContextInput): Promise<JobContext> {
  const never = i.neverStarted === true && !i.job.startedAt && !i.children?.some((c) => c.startedAt) && /^(Failed|Canceled|NotResponding)$/.test(i.job.status);
  const waiting = never || isWaiting(i.job, i.now);
  const started = !!i.job.startedAt || !!i.children?.some((c) => c.startedAt);
  if (!waiting && !started) return {};
  const soft = async <T>(what: string, f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (err) {
      logger.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code }, job: i.job.name, read: what }, 'compute context read failed; the card goes without it');
      return undefined;
    }
  };
  const compute = i.job.compute && !i.job.serverless ? await soft('compute', () => cc.compute(i.ws, i.job.compute!, waiting ? COMPUTE_CACHE_MS : SIZES_CACHE_MS)) : undefined;
  const location = compute?.location;
  const [sizes, usages, others] = await Promise.all([
    location ? soft('vmSizes', () => cc.vmSizes(i.ws, location)) : undefined,
    waiting && location ? soft('usages', () => cc.usages(i.ws, location)) : undefined,
    waiting && compute ? (i.others ?? soft('jobs', () => cc.recentJobs(i.ws))) : undefined,
  ]);
  const sizeName = compute?.vmSize ?? i.job.instanceType;
  const size: VmSizeInfo | undefined = sizeName ? sizes?.find((s) => s.name.toLowerCase() === sizeName.toLowerCase()) : undefined;
  const out: JobContext = {};
  if (waiting) out.queue = queueReason({ job: i.job, compute, usages, size, others });
  if (started) {
    const parent = /^(sweep|pipeline)$/i.test(i.job.type);
    out.cost = costSoFar({
      nodes: parent ? 0 : (i.job.instanceCount ?? 1), startedAt: parent ? undefined : i.job.startedAt, endedAt: i.job.endedAt,
      children: parent ? i.children : undefined, size, lowPriority: /low/i.test(compute?.vmPriority ?? ''), now: i.now,
    });
  }
  return out;
}
