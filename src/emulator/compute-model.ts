/**
 * The emulated compute clusters, quotas and VM sizes. A cluster's node counts are not stored: they follow from the
 * jobs that run on it at the emulator's clock (one node per running job or trial, capped at the cluster's maximum),
 * so they change as the scenario's jobs start and end.
 */
import { EmulatedJob, statusAt } from './job-model';
import { JobStore } from './job-store';
import { EMULATOR_DEV_WORKSPACE, EMULATOR_PROD_WORKSPACE } from './scenario-constants';

export interface VmSizeSpec {
  /** As the size list spells it; clusters spell it upper-case, as Azure does. */
  name: string;
  family: string;
  vCPUs: number;
  gpus: number;
  memoryGB: number;
  /** Linux list price per node-hour (USD); undefined: the size list carries no price for it. */
  price?: { dedicated: number; lowPriority: number };
}

export interface EmulatedCompute {
  workspace: string;
  name: string;
  vmSize: string;
  vmPriority: 'Dedicated' | 'LowPriority';
  minNodes: number;
  maxNodes: number;
  unusableNodes: number;
  /** Preempted node count (low-priority clusters). */
  preemptedNodes: number;
}

export const VM_SIZES: readonly VmSizeSpec[] = [
  { name: 'Standard_NC6s_v3', family: 'standardNCSv3Family', vCPUs: 6, gpus: 1, memoryGB: 112, price: { dedicated: 3.06, lowPriority: 0.612 } },
  { name: 'Standard_NC24ads_A100_v4', family: 'standardNCADSA100v4Family', vCPUs: 24, gpus: 1, memoryGB: 220, price: { dedicated: 3.673, lowPriority: 0.7346 } },
  { name: 'Standard_D4s_v3', family: 'standardDSv3Family', vCPUs: 4, gpus: 0, memoryGB: 16, price: { dedicated: 0.192, lowPriority: 0.0384 } },
  { name: 'Standard_D8s_v3', family: 'standardDSv3Family', vCPUs: 8, gpus: 0, memoryGB: 32, price: { dedicated: 0.384, lowPriority: 0.0768 } },
  { name: 'Standard_ND96asr_v4', family: 'standardNDASv4_A100Family', vCPUs: 96, gpus: 8, memoryGB: 900 },
];

/** vCPU quota per family in the emulated region, and what other workspaces of the subscription already use. */
export const FAMILY_QUOTA: Readonly<Record<string, { limit: number; usedElsewhere: number }>> = {
  standardNCSv3Family: { limit: 48, usedElsewhere: 0 },
  // Full: the scenario's prod job on prod-gpu-a100 waits for a quota increase, not for a node.
  standardNCADSA100v4Family: { limit: 96, usedElsewhere: 72 },
  standardDSv3Family: { limit: 100, usedElsewhere: 16 },
};
export const REGIONAL_DEDICATED_LIMIT = 350;

const DEFAULTS = { vmPriority: 'Dedicated' as const, minNodes: 0, unusableNodes: 0, preemptedNodes: 0 };

export const COMPUTES: readonly EmulatedCompute[] = [
  { ...DEFAULTS, workspace: EMULATOR_DEV_WORKSPACE, name: 'gpu-cluster-nc6', vmSize: 'STANDARD_NC6S_V3', maxNodes: 4 },
  { ...DEFAULTS, workspace: EMULATOR_DEV_WORKSPACE, name: 'cpu-cluster-d4', vmSize: 'STANDARD_D4S_V3', maxNodes: 8 },
  { ...DEFAULTS, workspace: EMULATOR_PROD_WORKSPACE, name: 'prod-cpu-d8', vmSize: 'STANDARD_D8S_V3', maxNodes: 6, minNodes: 1 },
  { ...DEFAULTS, workspace: EMULATOR_PROD_WORKSPACE, name: 'prod-gpu-a100', vmSize: 'STANDARD_NC24ADS_A100_V4', maxNodes: 4 },
];

export function findCompute(workspace: string, name: string): EmulatedCompute | undefined {
  return COMPUTES.find((c) => c.workspace === workspace.toLowerCase() && c.name.toLowerCase() === name.toLowerCase());
}

export function sizeOf(vmSize: string): VmSizeSpec | undefined {
  return VM_SIZES.find((s) => s.name.toLowerCase() === vmSize.toLowerCase());
}

const BUSY = new Set(['Running', 'Finalizing', 'CancelRequested']);
const WAITING = new Set(['NotStarted', 'Starting', 'Provisioning', 'Preparing', 'Queued']);

export interface ComputeLoad {
  running: number;
  waiting: number;
  current: number;
  target: number;
  idle: number;
  /** The cluster wants to grow but the family's quota has no room for another node. */
  quotaBlocked: boolean;
}

/** Jobs that hold nodes: command jobs, sweep trials and pipeline steps; a sweep or pipeline parent holds none itself. */
function holdsNodes(j: EmulatedJob): boolean {
  return j.jobType !== 'Sweep' && j.jobType !== 'Pipeline';
}

export function loadOf(store: JobStore, c: EmulatedCompute, now: number, otherUse = 0): ComputeLoad {
  let running = 0;
  let waiting = 0;
  for (const j of store.all()) {
    if (j.workspace !== c.workspace || j.computeName !== c.name || !holdsNodes(j)) continue;
    const s = statusAt(j, now);
    if (BUSY.has(s)) running += 1;
    else if (WAITING.has(s)) waiting += 1;
  }
  const used = Math.min(c.maxNodes - c.unusableNodes, running);
  const current = Math.max(c.minNodes, used + c.unusableNodes);
  const wanted = Math.min(c.maxNodes, Math.max(c.minNodes, running + waiting + c.unusableNodes));
  const size = sizeOf(c.vmSize);
  const quota = size ? FAMILY_QUOTA[size.family] : undefined;
  const room = quota ? quota.limit - quota.usedElsewhere - otherUse - current * (size?.vCPUs ?? 0) : Infinity;
  const quotaBlocked = wanted > current && room < (size?.vCPUs ?? 0);
  return { running: used, waiting, current, target: quotaBlocked ? current : wanted, idle: Math.max(0, current - used - c.unusableNodes), quotaBlocked };
}

/** vCPUs in use per family across the subscription (the emulated clusters plus the fixed use elsewhere). */
export function familyUse(store: JobStore, now: number): Map<string, number> {
  const use = new Map<string, number>();
  for (const [family, q] of Object.entries(FAMILY_QUOTA)) use.set(family, q.usedElsewhere);
  for (const c of COMPUTES) {
    const size = sizeOf(c.vmSize);
    if (!size) continue;
    use.set(size.family, (use.get(size.family) ?? 0) + loadOf(store, c, now).current * size.vCPUs);
  }
  return use;
}
