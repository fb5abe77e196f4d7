/**
 * Turns a compact description (times in minutes relative to the scenario start) into an EmulatedJob. Shared by the
 * seeded scenario and by jobs added at runtime, so both follow the same lifecycle rules.
 */
import { EmulatedJob, EmulatedJobStatus, EmulatedJobType, FailureKind, StudioLink, Transition } from './job-model';

export type Outcome = 'Completed' | 'Failed' | 'Canceled';

export interface Lifecycle {
  /** Minutes: when the job entered Running (null: never started). */
  start: number | null;
  /** Minutes: when it reached `outcome` (null: still open-ended). */
  end: number | null;
  outcome?: Outcome;
}

export interface JobSpec {
  name: string;
  workspace: string;
  jobType: EmulatedJobType;
  user: string;
  createdByType?: EmulatedJob['createdByType'];
  experiment: string;
  tags?: Record<string, string>;
  created: number;
  life?: Lifecycle;
  /** Explicit [status, minute] pairs for the jobs that must sit in a particular status at start. */
  path?: Array<[EmulatedJobStatus, number]>;
  failure?: FailureKind;
  displayName?: string;
  description?: string | null;
  compute?: string;
  model?: string;
  command?: string;
  studio?: StudioLink;
  legacyLogs?: boolean;
  isArchived?: boolean;
  lineEverySec?: number;
  syntheticLogBytes?: number;
  parentName?: string;
  childKind?: 'step' | 'trial';
  metrics?: Record<string, number | string>;
  params?: Record<string, string>;
  untracked?: boolean;
  primaryMetric?: string | null;
  nodeCount?: number;
}

const MINUTE = 60_000;

function lifecyclePath(created: number, life: Lifecycle): Array<[EmulatedJobStatus, number]> {
  const path: Array<[EmulatedJobStatus, number]> = [['NotStarted', created]];
  const firstStop = life.start ?? life.end ?? Infinity;
  // Pre-run phases are squeezed in before the start so short-lived steps still pass through them in order.
  const gap = Math.min(firstStop - created, 3);
  path.push(['Starting', created + gap * 0.1], ['Preparing', created + gap * 0.3], ['Queued', created + gap * 0.6]);
  if (life.start !== null) path.push(['Running', life.start]);
  if (life.end !== null) {
    const outcome = life.outcome ?? 'Completed';
    if (outcome === 'Completed' && life.start !== null) path.push(['Finalizing', life.end - Math.min(0.5, (life.end - life.start) / 4)]);
    path.push([outcome, life.end]);
  }
  return path;
}

export function buildJob(spec: JobSpec, t0: number): EmulatedJob {
  const path = spec.path ?? lifecyclePath(spec.created, spec.life ?? { start: null, end: null });
  const timeline: Transition[] = path
    .map(([status, minute]) => ({ status, at: Math.round(t0 + minute * MINUTE) }))
    .sort((a, b) => a.at - b.at);
  return {
    name: spec.name,
    workspace: spec.workspace,
    jobType: spec.jobType,
    displayName: spec.displayName ?? spec.name,
    experimentName: spec.experiment,
    description: spec.description ?? null,
    createdBy: spec.user,
    createdByType: spec.createdByType ?? 'User',
    createdAt: Math.round(t0 + spec.created * MINUTE),
    tags: spec.tags ?? {},
    computeName: spec.compute ?? 'gpu-cluster-nc6',
    timeline,
    failure: spec.failure,
    parentName: spec.parentName,
    childKind: spec.childKind,
    children: [],
    isArchived: spec.isArchived ?? false,
    studio: spec.studio ?? 'url',
    legacyLogs: spec.legacyLogs,
    syntheticLogBytes: spec.syntheticLogBytes,
    command: spec.command ?? 'python train.py --config configs/default.yaml',
    model: spec.model ?? 'resnet50',
    logLineEverySec: spec.lineEverySec ?? 5,
    metrics: spec.metrics,
    params: spec.params,
    untracked: spec.untracked,
    primaryMetric: spec.primaryMetric,
    nodeCount: spec.nodeCount,
  };
}
