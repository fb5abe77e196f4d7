/**
 * Why a job that has not started is still waiting, in one sentence with the numbers, from what Azure says about its
 * compute, the region's quota and the jobs running there. Pure; the reads are compute-context.ts's.
 */
import { ComputeInfo, Job, QuotaUsage, VmSizeInfo } from '../azureml/types';

export const WAITING_STATUSES = ['NotStarted', 'Starting', 'Provisioning', 'Preparing', 'Queued'];
/** Shorter waits are normal scheduling; the issue asks for an explanation after a minute. */
export const WAIT_BEFORE_EXPLAINING_MS = 60_000;

export interface QueueInput {
  job: Job;
  compute?: ComputeInfo;
  usages?: QuotaUsage[];
  size?: VmSizeInfo;
  /** Other jobs of the workspace (one list page), to name those running on the same compute. */
  others?: Job[];
}

export interface QueueReason {
  sentence: string;
  /** Cluster facts for the card: "2 of 4 nodes busy, 0 idle, 1 unusable; Steady". */
  detail?: string;
}

export function isWaiting(job: Job, now: Date): boolean {
  if (!WAITING_STATUSES.includes(job.status)) return false;
  const since = job.createdAt?.getTime() ?? now.getTime();
  return now.getTime() - since >= WAIT_BEFORE_EXPLAINING_MS;
}

/** standardNCADSA100v4Family → NCADSA100v4 */
function familyName(family: string): string {
  return family.replace(/^standard/i, '').replace(/family$/i, '').trim() || family;
}

function holders(job: Job, compute: string, others: Job[] | undefined): string {
  const running = (others ?? []).filter((o) => o.name !== job.name && o.compute?.toLowerCase() === compute.toLowerCase() && /^(Running|Finalizing)$/.test(o.status));
  if (!running.length) return '';
  const names = running.slice(0, 2).map((o) => o.name);
  const more = running.length > 2 ? ` and ${running.length - 2} more` : '';
  return ` (running there: ${names.join(', ')}${more})`;
}

function quotaSentence(c: ComputeInfo, size: VmSizeInfo | undefined, usages: QuotaUsage[] | undefined, where: string): string | undefined {
  if (!size || !usages) return undefined;
  const low = /low/i.test(c.vmPriority ?? '');
  const rows = usages.filter((u) => (u.level === 'family' && !low && size.family && u.name.toLowerCase() === size.family.toLowerCase()) || u.level === (low ? 'lowPriority' : 'regional'));
  for (const u of rows) {
    if (u.limit < 0 || u.current + size.vCpus <= u.limit) continue;
    const what = u.level === 'family' ? `cores of the ${familyName(u.name)} family` : low ? 'low-priority cores' : 'dedicated cores of the region';
    return `The cluster cannot grow: ${u.current} of ${u.limit} ${what} in ${where} are in use, and one more ${size.name} node needs ${size.vCpus}.`;
  }
  return undefined;
}

export function queueReason(q: QueueInput): QueueReason {
  const { job, compute: c } = q;
  if (job.serverless || !job.compute) {
    return { sentence: `Serverless compute: Azure ML is finding ${job.instanceCount ?? 1} node${(job.instanceCount ?? 1) === 1 ? '' : 's'}${job.instanceType ? ` of ${job.instanceType}` : ''} for this job; there is no cluster of yours to inspect.` };
  }
  if (!c) return { sentence: `Waiting for compute ${job.compute}; I could not read its state.` };
  if (c.computeType !== 'AmlCompute') return { sentence: `Waiting for ${c.computeType} ${c.name}, which runs one job at a time or schedules its own queue.` };
  const max = c.maxNodes ?? 0;
  const cur = c.currentNodes ?? 0;
  const n = c.nodes;
  const detail = `${n.running} of ${max} nodes busy, ${n.idle} idle${n.unusable ? `, ${n.unusable} unusable` : ''}${n.preempted ? `, ${n.preempted} preempted` : ''}; ${c.allocationState ?? 'state unknown'}${c.targetNodes !== undefined && c.targetNodes !== cur ? ` (growing to ${c.targetNodes})` : ''}`;
  const quotaError = c.errors.find((e) => /quota/i.test(e));
  const quota = cur < max ? quotaSentence(c, q.size, q.usages, c.location ?? 'the region') : undefined;
  if (quota) return { sentence: quota, detail };
  if (quotaError) return { sentence: `The cluster cannot grow: Azure refused to add nodes (${quotaError.slice(0, 200)}).`, detail };
  if (n.unusable > 0 && cur >= max) return { sentence: `${n.unusable} of ${max} nodes of cluster ${c.name} are unusable, so it cannot take more work until they are replaced.`, detail };
  if (n.preempted > 0) return { sentence: `Low-priority nodes of cluster ${c.name} were preempted (${n.preempted} now); the job waits for capacity to come back.`, detail };
  if (cur >= max && n.idle === 0) {
    return { sentence: `Waiting for a node: cluster ${c.name} is at its maximum of ${max} node${max === 1 ? '' : 's'}, all busy${holders(job, c.name, q.others)}.`, detail };
  }
  if (c.allocationState === 'Resizing') return { sentence: `Cluster ${c.name} is adding nodes (${cur} → ${c.targetNodes ?? '?'} of at most ${max}); a new node usually takes a few minutes.`, detail };
  if (c.errors.length) return { sentence: `Cluster ${c.name} reports an allocation error: ${c.errors[0]!.slice(0, 200)}`, detail };
  return { sentence: `Waiting to be scheduled on cluster ${c.name}: ${n.running} of ${max} nodes busy, ${n.idle} idle.`, detail };
}
