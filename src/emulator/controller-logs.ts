/**
 * Logs written by orchestrators rather than user code: the sweep controller (hyperdrive.txt), the pipeline
 * executor (executionlogs.txt) and the AutoML driver. They narrate the children, so they take them as input.
 */
import { childEvents } from './log-text';
import { EmulatedJob, endedAt, startedAt, statusAt } from './job-model';
import { hashUnit } from './rng';
import { bracketStamp, logStamp } from './time-format';

export function hyperdriveLogText(job: EmulatedJob, trials: EmulatedJob[], now: number): string {
  const start = startedAt(job, now);
  if (start === undefined) return '';
  const stamp = (ms: number) => `[${new Date(ms).toISOString()}]`;
  const lines = [
    `${stamp(start)}[API][INFO]Experiment created`,
    `${stamp(start + 500)}[GENERATOR][INFO]Trying to sample '${trials.length}' jobs from the hyperparameter space`,
  ];
  for (const e of childEvents(trials, now)) {
    const lr = (hashUnit(e.child.name) * 0.01).toExponential(2);
    lines.push(
      e.kind === 'start'
        ? `${stamp(e.at)}[SCHEDULER][INFO]Scheduling job, id='${e.child.name}' with parameters {"learning_rate": ${lr}}`
        : `${stamp(e.at)}[CONTROLLER][INFO]Job '${e.child.name}' finished with status ${e.status}`,
    );
  }
  const end = endedAt(job, now);
  if (end !== undefined) {
    const status = statusAt(job, now);
    if (status === 'Failed') {
      lines.push(`${stamp(end)}[CONTROLLER][WARNING]User errors were found in at least one of the child runs.`);
    }
    const final = status === 'Completed' ? 'FINISHED' : status === 'Failed' ? 'FAILED' : 'CANCELLED';
    lines.push(`${stamp(end)}[CONTROLLER][INFO]Experiment was 'ExperimentStatus.RUNNING', is 'ExperimentStatus.${final}'.`);
  }
  return lines.join('\n') + '\n';
}

export function executionLogText(job: EmulatedJob, steps: EmulatedJob[], now: number): string {
  const start = startedAt(job, now);
  if (start === undefined) return '';
  const lines = [`${bracketStamp(start)} Submitting ${steps.length} runs, first five are: ${steps.slice(0, 5).map((s) => s.name).join(',')}`];
  for (const e of childEvents(steps, now)) {
    lines.push(
      e.kind === 'start'
        ? `${bracketStamp(e.at)} Starting step ${e.child.displayName} (run id ${e.child.name})`
        : e.status === 'Failed'
          ? `${bracketStamp(e.at)} Execution of step ${e.child.displayName} failed, run id ${e.child.name}. Check the child run logs.`
          : `${bracketStamp(e.at)} Completing processing run id ${e.child.name}.`,
    );
  }
  const end = endedAt(job, now);
  if (end !== undefined) {
    lines.push(
      statusAt(job, now) === 'Failed'
        ? `${bracketStamp(end)} Execution of experiment failed, update experiment status and cancel running nodes.`
        : `${bracketStamp(end)} Finishing experiment: no runs left and nothing to schedule.`,
    );
  }
  return lines.join('\n') + '\n';
}

const AUTOML_ALGOS = ['LightGBM', 'XGBoostClassifier', 'RandomForest', 'LogisticRegression', 'ExtremeRandomTrees'];

export function automlLogText(job: EmulatedJob, now: number, tail: string[]): string {
  const start = startedAt(job, now);
  if (start === undefined) return '';
  const end = endedAt(job, now);
  const upTo = end ?? now;
  const lines = [
    `${logStamp(start)} | INFO | AutoML run ${job.name}: task=classification primary_metric=AUC_weighted`,
    `${logStamp(start + 4000)} | INFO | Featurization: auto. Data guardrails passed: class balancing, missing values`,
  ];
  const every = job.logLineEverySec * 1000 * 10;
  for (let i = 0; start + (i + 1) * every <= upTo && i < 500; i++) {
    const algo = AUTOML_ALGOS[i % AUTOML_ALGOS.length];
    const score = (0.8 + hashUnit(job.name, i) * 0.15).toFixed(4);
    lines.push(`${logStamp(start + (i + 1) * every)} | INFO | ITER ${i}: MaxAbsScaler ${algo} metric=${score}`);
  }
  if (end !== undefined) lines.push(...tail);
  return lines.join('\n') + '\n';
}
