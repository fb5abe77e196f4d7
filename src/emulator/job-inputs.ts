/** Data inputs and model outputs of the scenario's fraud jobs, so a comparison shows which data version each read. */
import { EmulatedJob } from './job-model';

const DATA_VERSION: Record<string, number> = {
  'pipe-retrain-prod-15': 11, 'pipe-retrain-prod-16': 12, 'pipe-retrain-prod-17': 13, 'train-fraud-gbm-prod-20': 12, 'train-fraud-gbm-prod-21': 12, 'train-fraud-gbm-prod-22': 13,
};

/** `inputs` of the ARM resource: a data asset reference (azureml:name:version) for the fraud training jobs. */
export function jobInputs(job: EmulatedJob): Record<string, unknown> {
  const version = DATA_VERSION[job.name];
  if (version === undefined) return {};
  return { training_data: { description: null, uri: `azureml:fraud-transactions:${version}`, mode: 'ReadOnlyMount', jobInputType: 'uri_folder' } };
}

/** A pipeline whose train step binds its model to the pipeline's output: the step that produced the model. */
export function pipelineModelOutput(children: EmulatedJob[]): { outputs: Record<string, unknown>; bindings: Record<string, Record<string, string>> } {
  const train = children.find((c) => /^train/.test(c.displayName));
  if (!train) return { outputs: {}, bindings: {} };
  return {
    outputs: { model: { description: null, uri: null, mode: 'ReadWriteMount', jobOutputType: 'mlflow_model' } },
    bindings: { [train.displayName]: { model_output: '${{parent.outputs.model}}' } },
  };
}
