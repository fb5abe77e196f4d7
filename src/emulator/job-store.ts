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

export class JobStore {
  private readonly jobs = new Map<string, EmulatedJob>();

  private static key(workspace: string, name: string): string {
    return `${workspace.toLowerCase()}/${name}`;
  }

  add(job: EmulatedJob): void {
    const key = JobStore.key(job.workspace, job.name);
    if (this.jobs.has(key)) throw new Error(`job ${job.name} already exists in ${job.workspace}`);
    this.jobs.set(key, job);
  }

  get(workspace: string, name: string): EmulatedJob | undefined {
    return this.jobs.get(JobStore.key(workspace, name));
  }

  clear(): void {
    this.jobs.clear();
  }

  all(): EmulatedJob[] {
    return [...this.jobs.values()];
  }

  /** Top-level jobs matching the ARM filters, newest first (ties broken by name so pages are stable). */
  list(workspace: string, query: JobQuery): EmulatedJob[] {
    const view = (query.listViewType ?? 'ActiveOnly').toLowerCase();
    const jobType = query.jobType?.toLowerCase();
    return this.all()
      .filter((j) => j.workspace.toLowerCase() === workspace.toLowerCase() && !j.parentName)
      .filter((j) => (view === 'all' ? true : view === 'archivedonly' ? j.isArchived : !j.isArchived))
      .filter((j) => !jobType || j.jobType.toLowerCase() === jobType)
      .filter((j) => !query.tag || Object.prototype.hasOwnProperty.call(j.tags, query.tag))
      .sort((a, b) => b.createdAt - a.createdAt || a.name.localeCompare(b.name));
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
