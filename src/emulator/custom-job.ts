/**
 * Jobs added at runtime (tests, benchmarks): "a Running command job whose std_log is 1 GiB", "a Queued job that
 * starts in 2 minutes". The requested status is placed at the current emulator time.
 */
import { buildJob, JobSpec } from './job-builder';
import { EmulatedJob, EmulatedJobStatus, EmulatedJobType, FailureKind } from './job-model';
import { HttpError } from './http-util';
import { JobStore, isKnownJobType } from './job-store';
import { EMULATOR_DEV_WORKSPACE, EMULATOR_WORKSPACES } from './scenario-constants';

export interface AddJobInput {
  name: string;
  workspace?: string;
  type?: EmulatedJobType;
  status?: EmulatedJobStatus;
  failure?: FailureKind;
  /** Size of a procedurally generated std_log (e.g. 1 GiB for benchmarks). */
  logBytes?: number;
  createdBy?: string;
  experimentName?: string;
  displayName?: string;
  tags?: Record<string, string>;
  /** Milliseconds of emulator time until the job ends with `endStatus` (default Completed). */
  endsInMs?: number;
  endStatus?: 'Completed' | 'Failed' | 'Canceled';
  /** Name of an existing job in the same workspace: this one becomes its child (a sweep trial or pipeline step). */
  parent?: string;
  /** Final MLflow metric values (a string for "NaN"/"Infinity", as some servers send them); `{}` = a run with no metrics. */
  metrics?: Record<string, number | string>;
  params?: Record<string, string>;
  /** Experiment-independent flavour of generated metrics and logs (e.g. "fraud-gbm"). */
  model?: string;
  /** The command it ran (default `python train.py --config configs/default.yaml`), its compute and node count. */
  command?: string;
  compute?: string;
  nodes?: number;
  /** MLflow never tracked it: runs/get answers 404 RESOURCE_DOES_NOT_EXIST. */
  untracked?: boolean;
  /** Sweeps: the objective's primary metric (default val_accuracy); null = the sweep names no objective. */
  primaryMetric?: string | null;
}

const PRE_RUN: EmulatedJobStatus[] = ['NotStarted', 'Starting', 'Preparing', 'Queued'];
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;

function pathFor(status: EmulatedJobStatus, endsIn: number | undefined, endStatus: string): Array<[EmulatedJobStatus, number]> {
  const path: Array<[EmulatedJobStatus, number]> = [['NotStarted', -10]];
  const preIndex = PRE_RUN.indexOf(status);
  if (preIndex >= 0) {
    PRE_RUN.slice(1, preIndex + 1).forEach((s, i) => path.push([s, -9 + i]));
    if (endsIn !== undefined) path.push(['Running', endsIn], [endStatus as EmulatedJobStatus, endsIn + 1]);
    return path;
  }
  path.push(['Queued', -9.5], ['Running', -9]);
  if (status === 'Running') {
    if (endsIn !== undefined) path.push([endStatus as EmulatedJobStatus, endsIn]);
  } else if (status === 'Finalizing' || status === 'CancelRequested') {
    path.push([status, -0.1]);
    if (endsIn !== undefined) path.push([status === 'CancelRequested' ? 'Canceled' : (endStatus as EmulatedJobStatus), endsIn]);
  } else {
    path.push([status, -1]);
  }
  return path;
}

export function addCustomJob(store: JobStore, input: AddJobInput, now: number): EmulatedJob {
  if (typeof input.name !== 'string' || !NAME.test(input.name)) throw new HttpError(400, 'BadRequest', 'A valid "name" is required.');
  const workspace = (input.workspace ?? EMULATOR_DEV_WORKSPACE).toLowerCase();
  if (!EMULATOR_WORKSPACES.some((w) => w.name === workspace)) throw new HttpError(400, 'BadRequest', `Unknown workspace ${workspace}.`);
  const jobType = input.type ?? 'Command';
  if (!isKnownJobType(jobType)) throw new HttpError(400, 'BadRequest', `Unknown job type ${String(jobType)}.`);
  if (store.get(workspace, input.name)) throw new HttpError(409, 'Conflict', `Job ${input.name} already exists.`);
  const parent = input.parent ? store.get(workspace, input.parent) : undefined;
  if (input.parent && !parent) throw new HttpError(400, 'BadRequest', `Unknown parent job ${input.parent}.`);
  const status = input.status ?? 'Running';
  const endsInMin = input.endsInMs === undefined ? undefined : input.endsInMs / 60_000;
  const failure = input.failure ?? (status === 'Failed' || input.endStatus === 'Failed' ? 'cuda-oom' : undefined);
  const spec: JobSpec = {
    name: input.name,
    workspace,
    jobType,
    user: input.createdBy ?? 'Dana Scientist',
    experiment: input.experimentName ?? 'Default',
    displayName: input.displayName,
    tags: input.tags,
    created: -10,
    path: pathFor(status, endsInMin, input.endStatus ?? 'Completed'),
    failure,
    syntheticLogBytes: input.logBytes,
    parentName: parent?.name,
    metrics: input.metrics,
    params: input.params,
    model: input.model,
    command: input.command,
    compute: input.compute,
    nodeCount: input.nodes,
    untracked: input.untracked,
    primaryMetric: input.primaryMetric,
  };
  const job = buildJob(spec, now);
  store.add(job);
  parent?.children.push(job.name);
  return job;
}
