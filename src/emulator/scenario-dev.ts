/**
 * The development workspace: 21 top-level jobs. Times are minutes relative to the scenario start (t0); jobs with
 * future transitions are the ones that move when the clock advances.
 */
import { JobSpec } from './job-builder';
import { canceled, done, failed, open, steps, trials } from './scenario-children';
import { EMULATOR_DEV_WORKSPACE as W } from './scenario-constants';

const DANA = 'Dana Scientist';
const PRIYA = 'Priya Oncall';
const MARCUS = 'Marcus Engineer';
const LENA = 'Lena Analyst';

const sweepLr: JobSpec = { name: 'sweep-lr-42', workspace: W, jobType: 'Sweep', user: DANA, experiment: 'hparam-search', created: -30, life: { start: -28, end: 26, outcome: 'Completed' }, tags: { team: 'vision', owner: 'dana', project: 'imagenet-refresh' }, model: 'resnet18' };
const sweepDropout: JobSpec = { name: 'sweep-dropout-9', workspace: W, jobType: 'Sweep', user: LENA, experiment: 'hparam-search', created: -300, life: done(-298, -200), tags: { team: 'nlp', owner: 'lena' }, model: 'distilbert' };
const pipeFeature: JobSpec = { name: 'pipe-feature-eng-31', workspace: W, jobType: 'Pipeline', user: MARCUS, experiment: 'feature-pipeline', created: -180, life: done(-179, -120), compute: 'cpu-cluster-d4', tags: { team: 'data', owner: 'marcus', project: 'churn' } };
const pipeTrainEval: JobSpec = { name: 'pipe-train-eval-8', workspace: W, jobType: 'Pipeline', user: PRIYA, experiment: 'train-eval', created: -240, life: failed(-238, -205), failure: 'module-not-found', tags: { team: 'nlp', owner: 'priya', project: 'sentiment' }, model: 'bert-base' };

export const DEV_JOBS: JobSpec[] = [
  { name: 'train-resnet50-nightly', workspace: W, jobType: 'Command', user: DANA, experiment: 'resnet-imagenet', created: -50, life: done(-45, 30), tags: { team: 'vision', owner: 'dana', project: 'imagenet-refresh', schedule: 'nightly' }, model: 'resnet50', command: 'python train.py --model resnet50 --epochs 20 --batch-size 64', description: 'Nightly ResNet-50 retrain on the refreshed ImageNet subset' },
  { name: 'train-bert-finetune-7', workspace: W, jobType: 'Command', user: PRIYA, experiment: 'bert-classifier', created: -35, life: failed(-30, 5), failure: 'cuda-oom', tags: { team: 'nlp', owner: 'priya', project: 'sentiment' }, model: 'bert-large', command: 'python train.py --model bert-large-uncased --batch-size 64 --fp16' },
  { name: 'train-xgb-churn-3', workspace: W, jobType: 'Command', user: MARCUS, experiment: 'churn', created: -5, life: done(1.5, 21), compute: 'cpu-cluster-d4', tags: { team: 'data', owner: 'marcus', project: 'churn' }, model: 'xgboost', command: 'python train_xgb.py --max-depth 8' },
  { name: 'eval-llm-harness-12', workspace: W, jobType: 'Command', user: LENA, experiment: 'llm-eval', created: -0.2, path: [['NotStarted', -0.2], ['Starting', 0.5], ['Preparing', 1], ['Queued', 2], ['Running', 3]], tags: { team: 'nlp', owner: 'lena' }, model: 'phi-3-mini', command: 'python -m lm_eval --tasks hellaswag,arc_easy' },
  { name: 'train-gpt2-small-5', workspace: W, jobType: 'Command', user: DANA, experiment: 'gpt2-pretrain', created: -2, path: [['NotStarted', -2], ['Starting', -1.8], ['Preparing', -1.5], ['Failed', 0.75]], failure: 'image-build', tags: { team: 'nlp', owner: 'dana' }, model: 'gpt2-small' },
  sweepLr,
  ...trials(sweepLr, [{ life: done(-27, -15) }, { life: done(-27, -12) }, { life: done(-14, 10) }, { life: done(10, 25) }]),
  sweepDropout,
  ...trials(sweepDropout, [{ life: done(-297, -250) }, { life: done(-297, -240) }, { life: done(-250, -201) }]),
  pipeFeature,
  ...steps(pipeFeature, [{ name: 'prep_data', life: done(-179, -160) }, { name: 'featurize', life: done(-160, -135) }, { name: 'validate', life: done(-135, -121) }]),
  pipeTrainEval,
  ...steps(pipeTrainEval, [
    { name: 'prep_data', life: done(-238, -225) },
    { name: 'train_model', life: failed(-225, -206), failure: 'module-not-found' },
    { name: 'eval_model', life: canceled(null, -205) },
  ]),
  { name: 'automl-churn-classify-2', workspace: W, jobType: 'AutoML', user: MARCUS, experiment: 'automl-churn', created: -400, life: failed(-395, -380), failure: 'automl-error', compute: 'cpu-cluster-d4', tags: { team: 'data', owner: 'marcus', project: 'churn' }, model: 'automl-classification' },
  { name: 'automl-forecast-demand-4', workspace: W, jobType: 'AutoML', user: LENA, experiment: 'demand-forecast', created: -60, life: open(-55), compute: 'cpu-cluster-d4', tags: { team: 'data', owner: 'lena', project: 'forecast' }, model: 'automl-forecasting' },
  { name: 'train-unet-segmentation-11', workspace: W, jobType: 'Command', user: PRIYA, experiment: 'segmentation', created: -120, life: failed(-118, -117.5), failure: 'data-permission', tags: { team: 'vision', owner: 'priya', project: 'medical-seg' }, model: 'unet' },
  { name: 'train-tokenizer-legacy', workspace: W, jobType: 'Command', user: MARCUS, experiment: 'tokenizers', created: -43200, life: done(-43195, -43150), legacyLogs: true, studio: 'none', compute: 'cpu-cluster-d4', tags: { team: 'nlp' }, model: 'sentencepiece' },
  { name: 'data-validate-nightly-88', workspace: W, jobType: 'Command', user: 'jobops-scheduler', createdByType: 'Application', experiment: 'data-quality', created: -700, life: canceled(-690, -650), compute: 'cpu-cluster-d4', tags: { team: 'data', schedule: 'nightly' }, model: 'great-expectations', command: 'python validate.py --suite nightly' },
  { name: 'train-vit-distill-6', workspace: W, jobType: 'Command', user: LENA, experiment: 'distillation', created: -90, path: [['NotStarted', -90], ['Queued', -89], ['Running', -85], ['Finalizing', -0.5], ['Completed', 40 / 60]], tags: { team: 'vision', owner: 'lena' }, model: 'vit-tiny' },
  { name: 'score-batch-offline-19', workspace: W, jobType: 'Command', user: DANA, experiment: 'batch-scoring', created: -60, path: [['NotStarted', -60], ['Queued', -58], ['Running', -55], ['CancelRequested', -0.1], ['Canceled', 5 / 60]], compute: 'cpu-cluster-d4', tags: { team: 'vision', owner: 'dana' }, model: 'resnet50' },
  { name: 'c7a1f0e2-5b3d-4f6a-9e8d-2b4c6d8e0f13', displayName: 'olive_kettle_9q2w8x1z', workspace: W, jobType: 'Command', user: PRIYA, experiment: 'Default', created: -1000, life: done(-995, -990), studio: 'none', compute: 'cpu-cluster-d4', model: 'hello-world', command: 'echo "hello world"' },
  { name: 'train-lstm-sentiment-14', workspace: W, jobType: 'Command', user: MARCUS, experiment: 'sentiment', created: -200, life: failed(-195, -170), failure: 'user-traceback', tags: { team: 'nlp', owner: 'marcus', project: 'sentiment' }, model: 'lstm' },
  { name: 'train-ranker-archived-1', workspace: W, jobType: 'Command', user: LENA, experiment: 'ranking', created: -5000, life: done(-4990, -4900), isArchived: true, tags: { team: 'search', owner: 'lena' }, model: 'lambdamart' },
  // Queued behind a full cluster: gpu-cluster-nc6 (4 nodes) is busy until train-resnet50-nightly ends at minute 30.
  { name: 'train-detr-coco-15', workspace: W, jobType: 'Command', user: DANA, experiment: 'detection', created: -12, path: [['NotStarted', -12], ['Starting', -11.8], ['Preparing', -11.5], ['Queued', -11], ['Running', 31], ['Finalizing', 89.5], ['Completed', 90]], tags: { team: 'vision', owner: 'dana' }, model: 'detr-resnet50', command: 'python train_detr.py --epochs 50' },
  { name: 'train-cnn-mnist-quick', workspace: W, jobType: 'Command', user: DANA, experiment: 'mnist-smoke', created: -0.5, path: [['NotStarted', -0.5], ['Starting', -0.3], ['Running', 0.5], ['Finalizing', 1.8], ['Completed', 2]], studio: 'odd', tags: { team: 'vision', owner: 'dana' }, model: 'cnn-mnist', lineEverySec: 2 },
];
