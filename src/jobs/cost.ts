/**
 * What a run has used so far: node-hours (nodes × hours running), GPU-hours (× the size's GPUs) and, when Azure ML
 * lists a price for the size, an estimate at list price. Pure: the caller passes what it read.
 */
import { Run, VmSizeInfo } from '../azureml/types';

export interface CostInput {
  /** Nodes the job itself holds while it runs (command jobs); 0 for sweeps and pipelines, whose children hold them. */
  nodes: number;
  startedAt?: Date;
  endedAt?: Date;
  /** A sweep's trials or a pipeline's steps, one node each, with their own run times. */
  children?: Run[];
  size?: VmSizeInfo;
  lowPriority: boolean;
  now: Date;
}

export interface CostSoFar {
  nodeHours: number;
  gpuHours: number;
  /** Estimated at list price; undefined when the size list has no price for this size. */
  estimate?: { amount: number; currency: string };
  /** What another hour costs at the current number of busy nodes (for a job still running). */
  perHour?: { amount: number; currency: string; nodes: number };
}

const HOUR = 3_600_000;

function hours(start: Date | undefined, end: Date | undefined, now: Date): number {
  if (!start) return 0;
  return Math.max(0, ((end ?? now).getTime() - start.getTime()) / HOUR);
}

export function costSoFar(c: CostInput): CostSoFar | undefined {
  const own = c.nodes * hours(c.startedAt, c.endedAt, c.now);
  const kids = (c.children ?? []).reduce((sum, r) => sum + hours(r.startedAt, r.endedAt, c.now), 0);
  const nodeHours = own + kids;
  if (!c.startedAt && !c.children?.some((r) => r.startedAt)) return undefined;
  const gpuHours = nodeHours * (c.size?.gpus ?? 0);
  const price = c.lowPriority ? c.size?.prices?.lowPriority : c.size?.prices?.standard;
  const currency = c.size?.prices?.currency ?? 'USD';
  const busy = c.endedAt ? 0 : c.nodes + (c.children ?? []).filter((r) => r.startedAt && !r.endedAt).length;
  return {
    nodeHours,
    gpuHours,
    estimate: price !== undefined ? { amount: nodeHours * price, currency } : undefined,
    perHour: price !== undefined && busy > 0 ? { amount: busy * price, currency, nodes: busy } : undefined,
  };
}

function money(m: { amount: number; currency: string }): string {
  const sym = m.currency === 'USD' ? '$' : `${m.currency} `;
  return `${sym}${m.amount < 10 ? m.amount.toFixed(2) : Math.round(m.amount).toLocaleString('en-US')}`;
}

function num(h: number): string {
  return h < 10 ? h.toFixed(1) : Math.round(h).toLocaleString('en-US');
}

/** "3.2 node-hours, 3.2 GPU-hours, about $9.80 (estimate at list price)". */
export function costText(c: CostSoFar): string {
  const parts = [`${num(c.nodeHours)} node-hours`];
  if (c.gpuHours > 0) parts.push(`${num(c.gpuHours)} GPU-hours`);
  if (c.estimate) parts.push(`about ${money(c.estimate)} (estimate at list price)`);
  return parts.join(', ');
}

/** "about $12.24 per hour (4 nodes, estimate at list price)". */
export function perHourText(c: CostSoFar): string | undefined {
  if (!c.perHour) return undefined;
  return `about ${money(c.perHour)} per hour (${c.perHour.nodes} node${c.perHour.nodes === 1 ? '' : 's'}, estimate at list price)`;
}
