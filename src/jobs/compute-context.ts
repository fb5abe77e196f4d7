/**
 * What a job's compute looks like right now: the cluster, the region's quota and VM sizes, and one page of the
 * workspace's jobs (to name who holds the nodes). Cached for a short time per workspace, so a burst of `show`s, a
 * stuck alert and a summary of jobs on the same cluster cost one read each; P2 counts these calls.
 */
import { AzureMlClient } from '../azureml/azureml-client';
import { ComputeInfo, Job, QuotaUsage, VmSizeInfo } from '../azureml/types';
import { WorkspaceConfig } from '../config';

/** Node counts move within minutes; half a minute keeps a card honest and a burst cheap. */
export const COMPUTE_CACHE_MS = 30_000;
/** Sizes and list prices change rarely. */
export const SIZES_CACHE_MS = 60 * 60_000;

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

type Reads = Pick<AzureMlClient, 'getCompute' | 'listUsages' | 'listVmSizes' | 'listJobsPage'>;

export class ComputeContext {
  private readonly cache = new Map<string, Entry<unknown>>();

  constructor(private readonly azureml: Reads, private readonly now: () => Date) {}

  /**
   * `maxAgeMs`: node counts need a fresh read (30 s); the VM size and priority behind a cost estimate do not change
   * under a running job, so cost-only callers (a live summary updating every 15 s) accept an hour-old read.
   */
  compute(ws: WorkspaceConfig, name: string, maxAgeMs = COMPUTE_CACHE_MS): Promise<ComputeInfo> {
    return this.cached(`${ws.alias}/compute/${name.toLowerCase()}`, maxAgeMs, () => this.azureml.getCompute(ws, name));
  }

  usages(ws: WorkspaceConfig, location: string): Promise<QuotaUsage[]> {
    return this.cached(`${ws.alias}/usages/${location}`, COMPUTE_CACHE_MS, () => this.azureml.listUsages(ws, location));
  }

  vmSizes(ws: WorkspaceConfig, location: string): Promise<VmSizeInfo[]> {
    return this.cached(`${ws.subscriptionId}/sizes/${location}`, SIZES_CACHE_MS, () => this.azureml.listVmSizes(ws, location));
  }

  /** The newest page of the workspace's jobs; `known` (a page the caller just read) is stored instead of read again. */
  recentJobs(ws: WorkspaceConfig, known?: Job[]): Promise<Job[]> {
    if (known) this.cache.set(`${ws.alias}/jobs`, { at: this.now().getTime(), value: Promise.resolve(known) });
    return this.cached(`${ws.alias}/jobs`, COMPUTE_CACHE_MS, async () => (await this.azureml.listJobsPage(ws, {})).jobs);
  }

  private cached<T>(key: string, ttl: number, read: () => Promise<T>): Promise<T> {
    const t = this.now().getTime();
    const hit = this.cache.get(key) as Entry<T> | undefined;
    if (hit && t - hit.at < ttl) return hit.value;
    const value = read();
    this.cache.set(key, { at: t, value });
    // A failed read is not remembered: the next card tries again.
    value.catch(() => this.cache.delete(key));
    return value;
  }
}
