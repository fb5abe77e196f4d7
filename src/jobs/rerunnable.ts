import { RERUNNABLE_TYPES } from '../azureml/job-rerun';
import { isTerminal } from '../azureml/status';
import { Job } from '../azureml/types';

/** Why this job cannot be submitted again, or undefined when it can. */
export function notRerunnable(job: Job): string | undefined {
  if (!(RERUNNABLE_TYPES as readonly string[]).includes(job.type)) {
    return job.type === 'AutoML'
      ? `Rerun does not support AutoML jobs: resubmit \`${job.name}\` from the Studio or with \`az ml job create\`.`
      : `Rerun supports command, sweep and pipeline jobs; \`${job.name}\` is a ${job.type} job.`;
  }
  if (!isTerminal(job.status)) return `\`${job.name}\` is still ${job.status}; only a job that has ended can be run again.`;
  return undefined;
}
