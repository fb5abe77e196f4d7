/**
 * Which log files a run has at a given moment (by job type, as azureml-facts.md describes) and their content.
 * Logs appear only once the job has started, except the image build log which is written while preparing.
 */
import { automlLogText, executionLogText, hyperdriveLogText } from './controller-logs';
import { failureTail } from './failure-text';
import { JobStore } from './job-store';
import { EmulatedJob, startedAt, statusAt } from './job-model';
import { LogSource, textSource } from './log-source';
import { driverLogText, imageBuildLogText, stdLogText } from './log-text';
import { createSyntheticLog } from './synthetic-log';

export const STD_LOG = 'user_logs/std_log.txt';
export const DRIVER_LOG = 'azureml-logs/70_driver_log.txt';
export const IMAGE_BUILD_LOG = 'azureml-logs/20_image_build_log.txt';
export const HYPERDRIVE_LOG = 'azureml-logs/hyperdrive.txt';
export const EXECUTION_LOG = 'logs/azureml/executionlogs.txt';
export const STDERR_LOG = 'logs/azureml/stderrlogs.txt';
export const STDOUT_LOG = 'logs/azureml/stdoutlogs.txt';

export function logFileNames(job: EmulatedJob, now: number): string[] {
  if (job.failure === 'image-build') return statusAt(job, now) === 'NotStarted' ? [] : [IMAGE_BUILD_LOG];
  if (startedAt(job, now) === undefined) return [];
  switch (job.jobType) {
    case 'Pipeline':
      // The empty stderr/stdout blobs are real: reading them with a Range header gives 416.
      return [EXECUTION_LOG, STDERR_LOG, STDOUT_LOG];
    case 'Sweep':
      return [HYPERDRIVE_LOG];
    default:
      return job.legacyLogs ? [DRIVER_LOG] : [STD_LOG];
  }
}

const syntheticCache = new WeakMap<EmulatedJob, LogSource>();

export function openLog(store: JobStore, job: EmulatedJob, path: string, now: number): LogSource | undefined {
  if (!logFileNames(job, now).includes(path)) return undefined;
  switch (path) {
    case STD_LOG:
      if (job.syntheticLogBytes !== undefined) return syntheticLog(job, job.syntheticLogBytes);
      return textSource(
        job.jobType === 'AutoML'
          ? automlLogText(job, now, job.failure ? failureTail(job.failure) : [])
          : stdLogText(job, now),
      );
    case DRIVER_LOG:
      return textSource(driverLogText(job, now));
    case IMAGE_BUILD_LOG:
      return textSource(imageBuildLogText(job, now));
    case HYPERDRIVE_LOG:
      return textSource(hyperdriveLogText(job, store.children(job.workspace, job.name), now));
    case EXECUTION_LOG:
      return textSource(executionLogText(job, store.children(job.workspace, job.name), now));
    default:
      return textSource('');
  }
}

function syntheticLog(job: EmulatedJob, size: number): LogSource {
  let source = syntheticCache.get(job);
  if (!source) {
    source = createSyntheticLog(size);
    syntheticCache.set(job, source);
  }
  return source;
}
