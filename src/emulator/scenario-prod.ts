/** The production workspace: 13 top-level jobs, mostly scheduled retrains and the on-call's usual suspects. */
import { JobSpec } from './job-builder';
import { canceled, done, failed, open, steps, trials } from './scenario-children';
import { EMULATOR_PROD_WORKSPACE as W } from './scenario-constants';

const PRIYA = 'Priya Oncall';
const DANA = 'Dana Scientist';
const OMAR = 'Omar Mlops';
const SCHEDULER = 'jobops-scheduler';
const fraud = (owner: string) => ({ team: 'fraud', owner, project: 'fraud-detection' });

const retrain17: JobSpec = { name: 'pipe-retrain-prod-17', workspace: W, jobType: 'Pipeline', user: OMAR, experiment: 'fraud-retrain', created: -40, life: done(-39, 15), compute: 'prod-cpu-d8', tags: fraud('omar'), model: 'fraud-gbm' };
const retrain16: JobSpec = { name: 'pipe-retrain-prod-16', workspace: W, jobType: 'Pipeline', user: OMAR, experiment: 'fraud-retrain', created: -1480, life: failed(-1479, -1455), failure: 'data-permission', compute: 'prod-cpu-d8', tags: fraud('omar'), model: 'fraud-gbm' };
const retrain15: JobSpec = { name: 'pipe-retrain-prod-15', workspace: W, jobType: 'Pipeline', user: OMAR, experiment: 'fraud-retrain', created: -2920, life: done(-2919, -2860), compute: 'prod-cpu-d8', tags: fraud('omar'), model: 'fraud-gbm' };
const sweepFraud: JobSpec = { name: 'sweep-fraud-hparams-7', workspace: W, jobType: 'Sweep', user: DANA, experiment: 'fraud-hparams', created: -600, life: failed(-598, -540), failure: 'cuda-oom', compute: 'prod-gpu-a100', tags: fraud('dana'), model: 'fraud-tabnet' };

const retrainSteps = ['ingest', 'featurize', 'train', 'register'];

export const PROD_JOBS: JobSpec[] = [
  retrain17,
  ...steps(retrain17, [
    { name: 'ingest', life: done(-39, -30) },
    { name: 'featurize', life: done(-30, -18) },
    { name: 'train', life: done(-18, 12) },
    { name: 'register', life: done(12, 15) },
  ]),
  retrain16,
  ...steps(retrain16, [
    { name: 'ingest', life: done(-1479, -1470) },
    { name: 'featurize', life: failed(-1470, -1456), failure: 'data-permission' },
    { name: 'train', life: canceled(null, -1455) },
    { name: 'register', life: canceled(null, -1455) },
  ]),
  retrain15,
  ...steps(retrain15, retrainSteps.map((name, i) => ({ name, life: done(-2919 + i * 14, -2905 + i * 14) }))),
  { name: 'serve-model-refresh-203', workspace: W, jobType: 'Command', user: PRIYA, experiment: 'model-serving', created: -20, life: failed(-15, 3), failure: 'user-traceback', compute: 'prod-cpu-d8', tags: { team: 'fraud', owner: 'priya' }, model: 'fraud-gbm', command: 'python score.py --model azureml:fraud-gbm:21' },
  { name: 'train-fraud-gbm-prod-21', workspace: W, jobType: 'Command', user: OMAR, experiment: 'fraud-gbm', created: -1600, life: done(-1595, -1540), compute: 'prod-cpu-d8', tags: fraud('omar'), model: 'fraud-gbm' },
  { name: 'train-fraud-gbm-prod-22', workspace: W, jobType: 'Command', user: PRIYA, experiment: 'fraud-gbm', created: -3, life: open(2), compute: 'prod-cpu-d8', tags: fraud('priya'), model: 'fraud-gbm' },
  sweepFraud,
  ...trials(sweepFraud, [{ life: done(-597, -570) }, { life: failed(-597, -541), failure: 'cuda-oom' }, { life: canceled(-570, -540) }]),
  { name: 'automl-fraud-tabular-3', workspace: W, jobType: 'AutoML', user: DANA, experiment: 'fraud-automl', created: -900, life: done(-895, -700), compute: 'prod-cpu-d8', tags: fraud('dana'), model: 'automl-classification' },
  { name: 'batch-score-prod-nightly-301', workspace: W, jobType: 'Command', user: SCHEDULER, createdByType: 'Application', experiment: 'fraud-batch', created: -500, life: done(-495, -430), compute: 'prod-cpu-d8', tags: { team: 'fraud', schedule: 'nightly' }, model: 'fraud-gbm', command: 'python batch_score.py --date ${{inputs.run_date}}' },
  { name: '0b9e6d2a-41f7-4c3e-8a2d-6f5e4c3b2a19', displayName: 'brave_lime_4k7d2p9s', workspace: W, jobType: 'Command', user: PRIYA, experiment: 'Default', created: -25, life: open(-22), compute: 'prod-gpu-a100', tags: { owner: 'priya' }, model: 'fraud-tabnet', lineEverySec: 10 },
  { name: 'export-onnx-prod-5', workspace: W, jobType: 'Command', user: OMAR, experiment: 'onnx-export', created: -800, life: canceled(-795, -780), compute: 'prod-cpu-d8', tags: fraud('omar'), model: 'fraud-gbm', command: 'python export_onnx.py' },
  // Queued on a cluster that cannot grow: the NCADSA100v4 family's vCPU quota in the region is used up.
  { name: 'train-fraud-llm-prod-4', workspace: W, jobType: 'Command', user: PRIYA, experiment: 'fraud-llm', created: -45, path: [['NotStarted', -45], ['Starting', -44.8], ['Preparing', -44.5], ['Queued', -44]], compute: 'prod-gpu-a100', tags: fraud('priya'), model: 'fraud-llm', command: 'python finetune.py --base phi-3-mini' },
  { name: 'train-fraud-gbm-prod-20', workspace: W, jobType: 'Command', user: PRIYA, experiment: 'fraud-gbm', created: -3000, life: failed(-2995, -2950), failure: 'cuda-oom', compute: 'prod-gpu-a100', tags: fraud('priya'), model: 'fraud-tabnet' },
];
