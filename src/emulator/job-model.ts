/**
 * The emulator's internal job record. It holds a timeline instead of a status so that the status, start and end
 * times are all pure functions of the clock.
 */
export type EmulatedJobType = 'Command' | 'Sweep' | 'Pipeline' | 'AutoML';

export type EmulatedJobStatus =
  | 'NotStarted'
  | 'Starting'
  | 'Provisioning'
  | 'Preparing'
  | 'Queued'
  | 'Running'
  | 'Finalizing'
  | 'CancelRequested'
  | 'Completed'
  | 'Failed'
  | 'Canceled';

export type FailureKind =
  | 'cuda-oom'
  | 'module-not-found'
  | 'data-permission'
  | 'user-traceback'
  | 'image-build'
  | 'automl-error';

/** How the Studio service entry looks: real jobs mostly have a URL, some have none, spec examples put junk there. */
export type StudioLink = 'url' | 'none' | 'odd';

export interface Transition {
  status: EmulatedJobStatus;
  at: number;
}

export interface EmulatedJob {
  name: string;
  workspace: string;
  jobType: EmulatedJobType;
  displayName: string;
  experimentName: string;
  description: string | null;
  createdBy: string;
  createdByType: 'User' | 'Application' | 'ManagedIdentity';
  createdAt: number;
  tags: Record<string, string>;
  computeName: string;
  /** Sorted by time; the first entry is the status at creation. */
  timeline: Transition[];
  failure?: FailureKind;
  parentName?: string;
  /** Pipeline steps get a property-less ARM stub; sweep trials are full command jobs. */
  childKind?: 'step' | 'trial';
  children: string[];
  isArchived: boolean;
  studio: StudioLink;
  /** Older jobs only have the v1 driver log. */
  legacyLogs?: boolean;
  /** When set, std_log is procedurally generated with this many bytes (benchmarks). */
  syntheticLogBytes?: number;
  command: string;
  /** Flavour for generated log text (model/dataset names). */
  model: string;
  /** Seconds of emulator time between two progress lines in a growing log. */
  logLineEverySec: number;
  /** Final MLflow metric values set by a test (strings for "NaN"/"Infinity"); unset = generated (run-metrics.ts). */
  metrics?: Record<string, number | string>;
  params?: Record<string, string>;
  /** MLflow never tracked this run (runs/get answers 404), as for runs imported or older than MLflow tracking. */
  untracked?: boolean;
  /** Sweeps: the objective's primary metric (default val_accuracy); null = a sweep resource that names none. */
  primaryMetric?: string | null;
  /** resources.instanceCount of the ARM resource (default 1). */
  nodeCount?: number;
}

export const TERMINAL_STATUSES: ReadonlySet<EmulatedJobStatus> = new Set(['Completed', 'Failed', 'Canceled']);

const ACTIVE_STATUSES: ReadonlySet<EmulatedJobStatus> = new Set(['Running', 'Finalizing', 'CancelRequested']);

export function statusAt(job: EmulatedJob, now: number): EmulatedJobStatus {
  let status = job.timeline[0]?.status ?? 'NotStarted';
  for (const t of job.timeline) {
    if (t.at > now) break;
    status = t.status;
  }
  return status;
}

export function isTerminal(status: EmulatedJobStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** First time the job entered Running (only if that already happened). */
export function startedAt(job: EmulatedJob, now: number): number | undefined {
  return job.timeline.find((t) => t.at <= now && ACTIVE_STATUSES.has(t.status))?.at;
}

export function endedAt(job: EmulatedJob, now: number): number | undefined {
  return job.timeline.find((t) => t.at <= now && isTerminal(t.status))?.at;
}

/** Last state change the clock has reached, for lastModifiedAt. */
export function lastChangeAt(job: EmulatedJob, now: number): number {
  let at = job.createdAt;
  for (const t of job.timeline) if (t.at <= now) at = Math.max(at, t.at);
  return at;
}

/**
 * Rewrites the future of a job that is being cancelled. Terminal jobs are left alone, exactly like Azure which answers
 * 200 and changes nothing.
 */
export function applyCancel(job: EmulatedJob, now: number, cancelDelayMs: number): boolean {
  const current = statusAt(job, now);
  if (isTerminal(current) || current === 'CancelRequested') return false;
  job.timeline = job.timeline.filter((t) => t.at <= now);
  job.timeline.push({ status: 'CancelRequested', at: now }, { status: 'Canceled', at: now + cancelDelayMs });
  // A cancelled job ends without a failure, whatever the scenario had planned for it.
  delete job.failure;
  return true;
}
