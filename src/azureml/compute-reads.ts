/**
 * Reads behind "why is it queued" and "what has it cost": a compute (computeOperations.get), the region's quota
 * (usages.list) and its VM sizes with list prices (virtualMachineSizes.list). Mapped to domain types here, so the
 * REST shapes stay in this folder.
 */
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { WorkspaceConfig } from '../config';
import { ComputeInfo, QuotaUsage, VmSizeInfo } from './types';

type Sdk = AzureMachineLearningWorkspaces;
type Loose = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const rec = (v: unknown): Loose => (typeof v === 'object' && v !== null ? (v as Loose) : {});

export async function readCompute(sdk: Sdk, ws: WorkspaceConfig, name: string, signal: AbortSignal): Promise<ComputeInfo> {
  const r = await sdk.computeOperations.get(ws.resourceGroup, ws.workspace, name, { abortSignal: signal });
  const outer = rec(r.properties);
  const p = rec(outer.properties);
  const scale = rec(p.scaleSettings);
  const counts = rec(p.nodeStateCounts);
  const errors = Array.isArray(p.errors) ? p.errors.map((e) => rec(rec(e).error)).map((e) => `${text(e.code) ?? 'Error'}: ${text(e.message) ?? ''}`.trim()) : [];
  return {
    name: r.name ?? name,
    location: r.location ?? text(outer.computeLocation),
    computeType: text(outer.computeType) ?? 'Unknown',
    vmSize: text(p.vmSize),
    vmPriority: text(p.vmPriority),
    minNodes: num(scale.minNodeCount),
    maxNodes: num(scale.maxNodeCount),
    currentNodes: num(p.currentNodeCount),
    targetNodes: num(p.targetNodeCount),
    allocationState: text(p.allocationState),
    errors,
    nodes: {
      idle: num(counts.idleNodeCount) ?? 0, running: num(counts.runningNodeCount) ?? 0, preparing: num(counts.preparingNodeCount) ?? 0,
      unusable: num(counts.unusableNodeCount) ?? 0, leaving: num(counts.leavingNodeCount) ?? 0, preempted: num(counts.preemptedNodeCount) ?? 0,
    },
  };
}

function levelOf(type: string): QuotaUsage['level'] {
  const t = type.toLowerCase();
  if (t.endsWith('/dedicatedcores/usages')) return 'regional';
  if (t.endsWith('/lowprioritycores/usages')) return 'lowPriority';
  if (t.endsWith('/vmfamily/usages')) return 'family';
  if (t.endsWith('/workspaces/computes/usages')) return 'cluster';
  if (t.endsWith('/workspaces/usages')) return 'workspace';
  return 'other';
}

export async function readUsages(sdk: Sdk, location: string, signal: AbortSignal): Promise<QuotaUsage[]> {
  const out: QuotaUsage[] = [];
  for await (const u of sdk.usages.list(location, { abortSignal: signal })) {
    const row = u as unknown as Loose;
    const name = rec(row.name);
    out.push({
      level: levelOf(text(row.type) ?? ''),
      name: text(name.value) ?? '',
      label: text(name.localizedValue) ?? text(name.value) ?? '',
      current: num(row.currentValue) ?? 0,
      limit: num(row.limit) ?? -1,
    });
  }
  return out;
}

export async function readVmSizes(sdk: Sdk, location: string, signal: AbortSignal): Promise<VmSizeInfo[]> {
  const r = await sdk.virtualMachineSizes.list(location, { abortSignal: signal });
  return (r.value ?? []).map((s) => {
    const raw = s as unknown as Loose;
    const est = rec(raw.estimatedVMPrices);
    const values = Array.isArray(est.values) ? est.values.map(rec) : [];
    const linux = (tier: string) => num(values.find((v) => text(v.osType) === 'Linux' && text(v.vmTier) === tier)?.retailPrice);
    const standard = linux('Standard');
    const lowPriority = linux('LowPriority') ?? linux('Spot');
    return {
      name: text(raw.name) ?? '',
      family: text(raw.family),
      vCpus: num(raw.vCPUs) ?? 0,
      gpus: num(raw.gpus) ?? 0,
      prices: standard !== undefined || lowPriority !== undefined ? { currency: text(est.billingCurrency) ?? 'USD', standard, lowPriority } : undefined,
    };
  });
}
