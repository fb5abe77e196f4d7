/**
 * In-memory jobs of all workspaces. Children live in the same map (Azure gives them their own run ids and ARM
 * answers for them too), but the ARM list only shows top-level jobs.
 */
import { applyCancel, EmulatedJob, EmulatedJobType, isTerminal, statusAt } from './job-model';

export type ListViewType = 'ActiveOnly' | 'ArchivedOnly' | 'All';

export interface JobQuery {
  jobType?: string;
  tag?: string;
  listViewType?: string;
}

/** ARM's list order: newest first, ties broken by name so pages are stable. */
const newestFirst = (a: EmulatedJob, b: EmulatedJob): number => b.createdAt - a.createdAt || a.name.localeCompare(b.name);

export class JobStore {
  private readonly jobs = new Map<string, EmulatedJob>();
  /**
   * Top-level jobs per workspace, kept in list order as they are added: a list page then filters instead of copying
   * and sorting every job (the long soak adds thousands of jobs, and each `list` reads up to 8 pages).
   */
  private readonly listed = new Map<string, EmulatedJob[]>();

  private static key(workspace: string, name: string): string {
    return `${workspace.toLowerCase()}/${name}`;
  }

  add(job: EmulatedJob): void {
    const key = JobStore.key(job.workspace, job.name);
    if (this.jobs.has(key)) throw new Error(`job ${job.name} already exists in ${job.workspace}`);
    this.jobs.set(key, job);
    if (job.parentName) return;
    const ws = job.workspace.toLowerCase();
    const list = this.listed.get(ws) ?? [];
    this.listed.set(ws, list);
    // Binary search for the first job that sorts after this one; new jobs are usually the newest, so near the front.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newestFirst(list[mid]!, job) <= 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, job);
  }

  get(workspace: string, name: string): EmulatedJob | undefined {
    return this.jobs.get(JobStore.key(workspace, name));
  }

  clear(): void {
    this.jobs.clear();
    this.listed.clear();
  }

  all(): EmulatedJob[] {
    return [...this.jobs.values()];
  }

  /** Top-level jobs matching the ARM filters, newest first (ties broken by name so pages are stable). */
  list(workspace: string, query: JobQuery): EmulatedJob[] {
    const view = (query.listViewType ?? 'ActiveOnly').toLowerCase();
    const jobType = query.jobType?.toLowerCase();
    return (this.listed.get(workspace.toLowerCase()) ?? []).filter((j) =>
      (view === 'all' ? true : view === 'archivedonly' ? j.isArchived : !j.isArchived)
      && (!jobType || j.jobType.toLowerCase() === jobType)
      && (!query.tag || Object.prototype.hasOwnProperty.call(j.tags, query.tag)));
  }

  children(workspace: string, name: string): EmulatedJob[] {
    const parent = this.get(workspace, name);
    if (!parent) return [];
    return parent.children.map((c) => this.get(workspace, c)).filter((c): c is EmulatedJob => c !== undefined);
  }

  /** Cancels a job and its unfinished children. Returns whether anything changed. */
  cancel(workspace: string, name: string, now: number, cancelDelayMs: number): boolean {
    const job = this.get(workspace, name);
    if (!job) return false;
    const changed = applyCancel(job, now, cancelDelayMs);
    if (changed) {
      for (const child of this.children(workspace, name)) {
        if (!isTerminal(statusAt(child, now))) applyCancel(child, now, cancelDelayMs);
      }
    }
    return changed;
  }
}

export function isKnownJobType(value: string): value is EmulatedJobType {
  return ['Command', 'Sweep', 'Pipeline', 'AutoML'].includes(value);
}
