/**
 * Run-history (data plane) shapes: camelCase runs as in fixtures/azureml/recordings/dataplane, with the reliable
 * timings ARM lacks and, for failed runs, the only structured error Azure gives.
 */
import { failureError } from './failure-text';
import { EmulatedJob, endedAt, lastChangeAt, startedAt, statusAt } from './job-model';
import { stableGuid } from './rng';
import { EMULATOR_LOCATION } from './scenario-constants';
import { dotnetIso, timeSpan } from './time-format';

type Json = Record<string, unknown>;

const RUN_TYPES: Record<string, string> = {
  Command: 'azureml.scriptrun',
  Sweep: 'hyperdrive',
  Pipeline: 'azureml.PipelineRun',
  AutoML: 'automl',
};

function user(name: string): Json {
  return {
    userObjectId: stableGuid(`user:${name}`),
    userPuId: null,
    userIdp: null,
    userAltSecId: null,
    userIss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
    userTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    userName: name,
    upn: null,
  };
}

export function runError(job: EmulatedJob, now: number): Json | null {
  if (statusAt(job, now) !== 'Failed' || !job.failure) return null;
  const e = failureError(job.failure);
  return {
    error: { code: e.code, severity: null, message: e.message, messageFormat: null, messageParameters: null, referenceCode: null, detailsUri: null, target: null, details: [], innerError: null, debugInfo: null, additionalInfo: null },
    correlation: { operation: null, request: stableGuid(`req:${job.name}`).replace(/-/g, '').slice(0, 16) },
    environment: EMULATOR_LOCATION,
    location: EMULATOR_LOCATION,
    time: dotnetIso(endedAt(job, now) ?? now),
    componentName: job.jobType === 'AutoML' ? 'automl' : 'CommonRuntime',
  };
}

export function toRun(job: EmulatedJob, root: EmulatedJob, now: number): Json {
  const start = startedAt(job, now);
  const end = endedAt(job, now);
  const runType = job.childKind === 'step' ? 'azureml.StepRun' : job.childKind === 'trial' ? 'azureml.scriptrun' : RUN_TYPES[job.jobType];
  const status = statusAt(job, now);
  const duration = start === undefined ? null : timeSpan((end ?? now) - start);
  return {
    runNumber: Math.floor(job.createdAt / 1000),
    rootRunId: root.name,
    createdUtc: dotnetIso(job.createdAt),
    createdBy: user(job.createdBy),
    userId: stableGuid(`user:${job.createdBy}`),
    error: runError(job, now),
    warnings: null,
    revision: job.timeline.filter((t) => t.at <= now).length,
    runUuid: stableGuid(`run:${job.workspace}:${job.name}`),
    parentRunUuid: job.parentName ? stableGuid(`run:${job.workspace}:${job.parentName}`) : null,
    rootRunUuid: stableGuid(`run:${job.workspace}:${root.name}`),
    computeDuration: duration,
    lastModifiedUtc: dotnetIso(lastChangeAt(job, now)),
    duration,
    cancelationReason: status === 'Canceled' || status === 'CancelRequested' ? 'Canceled by user request' : null,
    runId: job.name,
    parentRunId: job.parentName ?? null,
    experimentId: stableGuid(`exp:${job.workspace}:${job.experimentName}`),
    status,
    startTimeUtc: start === undefined ? null : dotnetIso(start),
    endTimeUtc: end === undefined ? null : dotnetIso(end),
    displayName: job.displayName,
    name: job.childKind === 'step' ? 'azureml_anonymous' : null,
    dataContainerId: `dcid.${job.name}`,
    description: job.description,
    hidden: false,
    runType,
    properties: { 'azureml.runsource': runType, ProcessInfoFile: 'azureml-logs/process_info.json' },
    parameters: {},
    target: job.computeName,
    tags: job.tags,
    services: {},
    inputDatasets: [],
    outputDatasets: [],
  };
}

export function toRunDetails(job: EmulatedJob, now: number, logFiles: Record<string, string>): Json {
  const start = startedAt(job, now);
  const end = endedAt(job, now);
  return {
    runId: job.name,
    target: job.computeName,
    status: statusAt(job, now),
    startTimeUtc: start === undefined ? null : dotnetIso(start),
    endTimeUtc: end === undefined ? null : dotnetIso(end),
    error: runError(job, now),
    warnings: null,
    properties: {},
    inputDatasets: [],
    outputDatasets: [],
    runDefinition: null,
    logFiles,
    jobCost: null,
    revision: job.timeline.filter((t) => t.at <= now).length,
    runTypeV2: { orchestrator: null, traits: [], attribution: null, computeType: 'AmlCompute' },
    settings: {},
    services: {},
  };
}
