/**
 * The ARM JobBaseResource of a job at a moment, modelled on the recorded payloads (fixtures/azureml/recordings/jobs),
 * including their oddities: zone-less StartTimeUtc, JSON-in-string properties, Studio entries that are missing or
 * not URLs, and property-less stubs for pipeline steps.
 */
import { failureError } from './failure-text';
import { jobInputs, pipelineModelOutput } from './job-inputs';
import { EmulatedJob, endedAt, lastChangeAt, startedAt, statusAt } from './job-model';
import { EMULATOR_LOCATION, EMULATOR_RESOURCE_GROUP, EMULATOR_SUBSCRIPTION_ID, workspaceArmId } from './scenario-constants';
import { armPropertyTime, dotnetIso } from './time-format';

type Json = Record<string, unknown>;

function jobArmId(job: EmulatedJob): string {
  return `${workspaceArmId(job.workspace)}/jobs/${job.name}`;
}

function systemData(job: EmulatedJob, now: number): Json {
  return {
    createdAt: dotnetIso(job.createdAt),
    createdBy: job.createdBy,
    createdByType: job.createdByType,
    lastModifiedAt: dotnetIso(lastChangeAt(job, now)),
    lastModifiedBy: job.createdBy,
    lastModifiedByType: job.createdByType,
  };
}

function services(job: EmulatedJob): Json | null {
  if (job.studio === 'none') return null;
  const wsid = `/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourcegroups/${EMULATOR_RESOURCE_GROUP}/workspaces/${job.workspace}`;
  const entry = (type: string, endpoint: string) => ({
    jobServiceType: type,
    port: null,
    endpoint,
    status: null,
    errorMessage: null,
    properties: null,
    nodes: null,
  });
  return {
    Tracking: entry('Tracking', `azureml://${EMULATOR_LOCATION}.api.azureml.ms/mlflow/v1.0${workspaceArmId(job.workspace)}?`),
    Studio: entry('Studio', job.studio === 'odd' ? 'string' : `https://ml.azure.com/runs/${job.name}?wsid=${wsid}`),
  };
}

function computeId(job: EmulatedJob): string {
  return `${workspaceArmId(job.workspace)}/computes/${job.computeName}`;
}

function environmentId(job: EmulatedJob): string {
  return `${workspaceArmId(job.workspace)}/environments/${job.model}-env/versions/3`;
}

function runProperties(job: EmulatedJob, now: number): Record<string, string> {
  const props: Record<string, string> = {};
  const start = startedAt(job, now);
  const end = endedAt(job, now);
  if (job.jobType === 'Command') {
    props['_azureml.ComputeTargetType'] = 'amlctrain';
    props['_azureml.ClusterName'] = job.computeName;
    props.ProcessInfoFile = 'azureml-logs/process_info.json';
    props.ProcessStatusFile = 'azureml-logs/process_status.json';
    if (start !== undefined) props.StartTimeUtc = armPropertyTime(start);
    if (end !== undefined) props.EndTimeUtc = armPropertyTime(end);
  } else if (job.jobType === 'Pipeline') {
    Object.assign(props, {
      'azureml.DevPlatv2': 'true',
      'azureml.runsource': 'azureml.PipelineRun',
      runSource: 'MFE',
      runType: 'HTTP',
      'azureml.defaultComputeName': job.computeName,
      'azureml.pipelineComponent': 'pipelinerun',
    });
    if (start !== undefined) {
      const execution = { StartTime: dotnetIso(start), EndTime: end ? dotnetIso(end) : null, Status: end ? 'Finished' : 'Running' };
      props['azureml.pipelines.stages'] = JSON.stringify({ Initialization: null, Execution: execution });
    }
  } else if (job.jobType === 'Sweep') {
    Object.assign(props, { 'azureml.runsource': 'hyperdrive', primary_metric_config: '{"name":"val_accuracy","goal":"maximize"}' });
  } else {
    Object.assign(props, { runTemplate: 'AutoML', 'azureml.runsource': 'automl', primary_metric: 'AUC_weighted', target: job.computeName });
    if (statusAt(job, now) === 'Failed' && job.failure) {
      const err = failureError(job.failure);
      const inner = { code: 'BadData', innerError: { code: 'InsufficientData', innerError: null } };
      props.errors = JSON.stringify({ error: { code: err.code, message: err.message, target: 'training_data', innerError: inner } });
    }
  }
  return props;
}

function typeSpecific(job: EmulatedJob, children: EmulatedJob[]): Json {
  const output = { default: { description: null, uri: `azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.${job.name}`, mode: 'ReadWriteMount', jobOutputType: 'uri_folder' } };
  const resources = { instanceCount: job.nodeCount ?? 1, instanceType: null, properties: null, shmSize: '2g', dockerArgs: null };
  const trial = { codeId: null, command: job.command, environmentId: environmentId(job), environmentVariables: {}, resources };
  switch (job.jobType) {
    case 'Command':
      return { resources, codeId: null, command: job.command, environmentId: environmentId(job), inputs: jobInputs(job), outputs: output, distribution: null, limits: { timeout: null, jobLimitsType: 'Command' }, environmentVariables: null, parameters: {}, queueSettings: { jobTier: 'Null' } };
    case 'Sweep':
      return {
        samplingAlgorithm: { samplingAlgorithmType: 'Random' },
        searchSpace: { learning_rate: ['loguniform', [-9, -4]], batch_size: ['choice', [[32, 64, 128]]] },
        objective: job.primaryMetric === null ? null : { goal: 'Maximize', primaryMetric: job.primaryMetric ?? 'val_accuracy' },
        limits: { jobLimitsType: 'Sweep', maxTotalTrials: children.length, maxConcurrentTrials: 2, timeout: null, trialTimeout: null },
        earlyTermination: null,
        trial,
        inputs: {},
        outputs: output,
      };
    case 'Pipeline': {
      const model = pipelineModelOutput(children);
      return {
        settings: { _source: 'YAML.JOB', default_compute: computeId(job), continue_on_step_failure: false },
        jobs: Object.fromEntries(children.map((c) => [c.displayName, { name: c.displayName, type: 'command', computeId: computeId(c), _source: 'YAML.JOB', ...(model.bindings[c.displayName] ? { outputs: model.bindings[c.displayName] } : {}) }])),
        inputs: jobInputs(job),
        outputs: model.outputs,
        sourceJobId: null,
      };
    }
    default:
      return {
        resources,
        environmentId: null,
        environmentVariables: null,
        taskDetails: { taskType: 'Classification', primaryMetric: 'AUCWeighted', targetColumnName: 'label', logVerbosity: 'Info', limitSettings: { maxTrials: 20, timeout: 'PT2H', trialTimeout: 'PT20M', maxConcurrentTrials: 4, enableEarlyTermination: true }, trainingData: { uri: 'azureml:churn-train:4', mode: 'ReadOnlyMount', jobInputType: 'mltable', description: null } },
        outputs: {},
      };
  }
}

/** Full resource, or the stub ARM returns for a pipeline step. */
export function toJobResource(job: EmulatedJob, children: EmulatedJob[], now: number): Json {
  const base = { id: jobArmId(job), name: job.name, type: 'Microsoft.MachineLearningServices/workspaces/jobs' };
  if (job.childKind === 'step') {
    return { ...base, systemData: { createdAt: dotnetIso(job.createdAt), createdBy: job.createdBy, createdByType: job.createdByType } };
  }
  const jobType = job.childKind === 'trial' ? 'Command' : job.jobType;
  const properties: Json = {
    description: job.description,
    tags: job.tags,
    properties: runProperties({ ...job, jobType }, now),
    displayName: job.displayName,
    status: statusAt(job, now),
    experimentName: job.experimentName,
    services: services(job),
    computeId: computeId(job),
    isArchived: job.isArchived,
    identity: null,
    componentId: null,
    notificationSetting: null,
    jobType,
    ...typeSpecific({ ...job, jobType }, children),
  };
  return { ...base, properties, systemData: systemData(job, now) };
}
