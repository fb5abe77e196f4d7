/**
 * Log text of ordinary (small) jobs, generated from the job and the clock: a running job's log grows as emulator
 * time passes, and a finished job's log ends with its outcome. Everything is derived, nothing is stored.
 */
import { failureTail } from './failure-text';
import { EmulatedJob, endedAt, startedAt, statusAt } from './job-model';
import { hashUnit } from './rng';
import { bracketStamp, logStamp } from './time-format';

const MAX_PROGRESS_LINES = 5000;
const EPOCHS = 20;
const STEPS_PER_EPOCH = 250;
/** Used as the planned run length of jobs that never finish in the scenario. */
const OPEN_ENDED_MS = 4 * 3600_000;

function plannedEnd(job: EmulatedJob, start: number): number {
  const terminal = job.timeline.find((t) => t.at >= start && ['Completed', 'Failed', 'Canceled'].includes(t.status));
  return terminal ? terminal.at : start + OPEN_ENDED_MS;
}

function progressLine(job: EmulatedJob, i: number, total: number, at: number): string {
  const frac = Math.min(1, (i + 1) / Math.max(1, total));
  const step = Math.max(1, Math.round(frac * EPOCHS * STEPS_PER_EPOCH));
  const epoch = Math.min(EPOCHS, Math.floor((step - 1) / STEPS_PER_EPOCH) + 1);
  const loss = (2.4 * Math.exp(-3 * frac) + 0.05 + hashUnit(job.name, i) * 0.08).toFixed(4);
  const tput = (380 + hashUnit(job.name, i, 7) * 60).toFixed(1);
  return (
    `${logStamp(at)} | INFO | Epoch ${epoch}/${EPOCHS} | step ${step}/${EPOCHS * STEPS_PER_EPOCH} | ` +
    `${(frac * 100).toFixed(1)}% | loss=${loss} | lr=1.00e-03 | ${tput} samples/s`
  );
}

function trainingHeader(job: EmulatedJob, start: number): string[] {
  return [
    `${logStamp(start)} | INFO | Starting job ${job.name} on compute ${job.computeName} (1 x Standard_NC6s_v3)`,
    `${logStamp(start + 850)} | INFO | Command: ${job.command}`,
    `${logStamp(start + 2100)} | INFO | Loaded dataset for ${job.model}: train=48000 val=6000 test=6000`,
    `${logStamp(start + 3400)} | INFO | cuda available: True, device count: 1, amp: bf16`,
  ];
}

/** `user_logs/std_log.txt` (and the body of the legacy driver log). */
export function stdLogText(job: EmulatedJob, now: number): string {
  const start = startedAt(job, now);
  if (start === undefined) return '';
  const end = endedAt(job, now);
  const status = statusAt(job, now);
  const lines = trainingHeader(job, start);
  // Mount and import failures happen before the first training step.
  const trains = job.failure !== 'data-permission' && job.failure !== 'module-not-found';
  if (trains) {
    const every = job.logLineEverySec * 1000;
    const total = Math.ceil((plannedEnd(job, start) - start) / every);
    const shown = Math.min(MAX_PROGRESS_LINES, Math.floor(((end ?? now) - start) / every));
    const first = Math.max(0, shown - MAX_PROGRESS_LINES);
    for (let i = first; i < shown; i++) lines.push(progressLine(job, i, total, start + (i + 1) * every));
  }
  if (end !== undefined) lines.push(...outcomeLines(job, status, end));
  return lines.join('\n') + '\n';
}

function outcomeLines(job: EmulatedJob, status: string, end: number): string[] {
  if (status === 'Failed' && job.failure) {
    const stamp = logStamp(end);
    return [`${stamp} | ERROR | Training aborted`, ...failureTail(job.failure)];
  }
  if (status === 'Canceled') {
    return [`${logStamp(end)} | WARNING | Received signal 15 (SIGTERM), saving checkpoint and shutting down`];
  }
  return [
    `${logStamp(end - 2000)} | INFO | Training finished. best val_accuracy=${(0.9 + hashUnit(job.name) * 0.08).toFixed(4)}`,
    `${logStamp(end - 1000)} | INFO | Saved model to ./outputs/model.pt`,
  ];
}

/** v1-era `azureml-logs/70_driver_log.txt`. */
export function driverLogText(job: EmulatedJob, now: number): string {
  const start = startedAt(job, now);
  if (start === undefined) return '';
  const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '');
  const head = [
    `[${iso(start)}] Entering context manager injector.`,
    `[${iso(start + 300)}] context_manager_injector.py Command line Options: Namespace(inject=['ProjectPythonPath:context_managers.ProjectPythonPath', 'RunHistory:context_managers.RunHistory'], invocation=['train.py'])`,
    `Starting the daemon thread to refresh tokens in background for process with pid = 97`,
    `[${iso(start + 900)}] Entering Run History Context Manager.`,
  ];
  return head.join('\n') + '\n' + stdLogText(job, now);
}

/** `azureml-logs/20_image_build_log.txt` of a job whose environment could not be built. */
export function imageBuildLogText(job: EmulatedJob, now: number): string {
  const end = endedAt(job, now) ?? now;
  const lines = [
    `${bracketStamp(job.createdAt)} Building image with name crjobopsdev.azurecr.io/azureml/azureml_1f0c3e:1`,
    'Step 1/9 : FROM mcr.microsoft.com/azureml/openmpi4.1.0-cuda11.8-cudnn8-ubuntu22.04:20240709.v1',
    ' ---> 5a1f0e2d3c4b',
    'Step 2/9 : USER root',
    ' ---> Using cache',
    'Step 3/9 : COPY azureml-environment-setup/mutated_conda_dependencies.yml azureml-environment-setup/',
    ' ---> 0e406e6acb60',
  ];
  if (statusAt(job, now) === 'Failed' && job.failure) lines.push(...failureTail(job.failure));
  lines.push(`${bracketStamp(end)} Image build ended.`);
  return lines.join('\n') + '\n';
}

/** Child events (start/end) interleaved in time, for sweep and pipeline controller logs. */
export interface ChildEvent {
  at: number;
  child: EmulatedJob;
  kind: 'start' | 'end';
  status: string;
}

export function childEvents(children: EmulatedJob[], now: number): ChildEvent[] {
  const events: ChildEvent[] = [];
  for (const child of children) {
    const s = startedAt(child, now);
    const e = endedAt(child, now);
    if (s !== undefined) events.push({ at: s, child, kind: 'start', status: 'Running' });
    if (e !== undefined) events.push({ at: e, child, kind: 'end', status: statusAt(child, now) });
  }
  return events.sort((a, b) => a.at - b.at || a.child.name.localeCompare(b.child.name));
}
