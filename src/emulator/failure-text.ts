/**
 * Failure texts, one per failure kind, written in the styles of the public excerpts in
 * test/fixtures/logs/public-dev/cases. The log tail is what a summarizer must find; the run error is what run history
 * reports (Azure puts the user-facing wrapper there, not on ARM).
 */
import { FailureKind } from './job-model';

export interface RunErrorText {
  code: string;
  message: string;
}

const PYTHON = "/azureml-envs/azureml_6b2e0f4d1c9a8e7f5a3b2c1d0e9f8a7b/bin/python";

export const CUDA_OOM_TAIL = [
  'Traceback (most recent call last):',
  '  File "train.py", line 212, in <module>',
  '    main()',
  '  File "train.py", line 198, in main',
  '    loss = train_one_epoch(model, loader, optimizer, scaler, epoch)',
  '  File "train.py", line 141, in train_one_epoch',
  '    outputs = model(images)',
  '  File "/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py", line 1518, in _wrapped_call_impl',
  '    return self._call_impl(*args, **kwargs)',
  '  File "/opt/conda/lib/python3.10/site-packages/torch/nn/modules/conv.py", line 460, in forward',
  '    return self._conv_forward(input, self.weight, self.bias)',
  'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.53 GiB (GPU 0; 15.77 GiB total capacity; ' +
    '13.12 GiB already allocated; 402.19 MiB free; 14.20 GiB reserved in total by PyTorch) If reserved memory is >> ' +
    'allocated memory try setting max_split_size_mb to avoid fragmentation.  See documentation for Memory Management ' +
    'and PYTORCH_CUDA_ALLOC_CONF',
];

const TAILS: Record<FailureKind, string[]> = {
  'cuda-oom': CUDA_OOM_TAIL,
  'module-not-found': [
    'The experiment failed. Finalizing run...',
    'Traceback (most recent call last):',
    '  File "train.py", line 9, in <module>',
    '    from transformers import AutoTokenizer, AutoModelForSequenceClassification',
    "ModuleNotFoundError: No module named 'transformers'",
  ],
  'data-permission': [
    'Mounting input training_data: azureml://datastores/prodlake/paths/fraud/features/2025-05/',
    '{',
    '    "code": "data-capability.UriMountSession.PyFuseError",',
    '    "target": "",',
    '    "category": "UserError",',
    '    "error_details": [',
    '        {',
    '            "key": "NonCompliantReason",',
    '            "value": "DataAccessError(PermissionDenied(Some(StreamError(PermissionDenied { operation: \\"GetBlobProperties\\", status_code: 403, message: \\"This request is not authorized to perform this operation using this permission.\\" }))))"',
    '        }',
    '    ]',
    '}',
    'DataAccessError: PermissionDenied: the compute identity has no Storage Blob Data Reader role on datastore prodlake.',
  ],
  'user-traceback': [
    'Traceback (most recent call last):',
    '  File "score.py", line 88, in <module>',
    '    run(args)',
    '  File "score.py", line 71, in run',
    '    features = frame[FEATURE_COLUMNS]',
    '  File "/opt/conda/lib/python3.10/site-packages/pandas/core/frame.py", line 3899, in __getitem__',
    '    indexer = self.columns._get_indexer_strict(key, "columns")[1]',
    "KeyError: \"['merchant_risk_score'] not in index\"",
    `Execution failed. User process '${PYTHON}' exited with status code 1. Please check log file 'user_logs/std_log.txt' for error details.`,
  ],
  'image-build': [
    'Step 4/9 : RUN conda env create -p /azureml-envs/azureml_1f0c3e -f azureml-environment-setup/mutated_conda_dependencies.yml',
    ' ---> Running in 3c2b1a0f9e8d',
    'Collecting package metadata (repodata.json): ...working... done',
    'Solving environment: ...working... failed',
    '',
    'ResolvePackageNotFound: ',
    '  - pytorch-cuda=12.9',
    '',
    "The command '/bin/sh -c conda env create -p /azureml-envs/azureml_1f0c3e -f azureml-environment-setup/mutated_conda_dependencies.yml' returned a non-zero code: 1",
    'Docker image build failed',
    'Removing any dangling images',
  ],
  'automl-error': [
    'Traceback (most recent call last):',
    '  File "automl_driver.py", line 117, in <module>',
    '    run_automl()',
    'azureml.automl.core.shared.exceptions.DataException: AutoMLException:',
    '\tMessage: Training data has fewer than 50 rows after dropping NaN labels. [Hidden as it may contain PII]',
  ],
};

const ERRORS: Record<FailureKind, RunErrorText> = {
  'cuda-oom': {
    code: 'UserError',
    message:
      `Execution failed. User process '${PYTHON}' exited with status code 1. Please check log file ` +
      `'user_logs/std_log.txt' for error details. Error: ${CUDA_OOM_TAIL.join('\n')}`,
  },
  'module-not-found': {
    code: 'UserError',
    message:
      `Execution failed. User process '${PYTHON}' exited with status code 1. Please check log file ` +
      "'user_logs/std_log.txt' for error details. Error: ModuleNotFoundError: No module named 'transformers'",
  },
  'data-permission': {
    code: 'UserError',
    message:
      'DataAccessError: Failed to mount input training_data. The compute identity is not authorized to read ' +
      'datastore prodlake (PermissionDenied, status 403).',
  },
  'user-traceback': {
    code: 'UserError',
    message:
      `Execution failed. User process '${PYTHON}' exited with status code 1. Please check log file ` +
      `'user_logs/std_log.txt' for error details. Error: KeyError: "['merchant_risk_score'] not in index"`,
  },
  'image-build': {
    code: 'UserError',
    message:
      'Image build failed. For more details, check log file azureml-logs/20_image_build_log.txt. ' +
      'ResolvePackageNotFound: pytorch-cuda=12.9',
  },
  'automl-error': {
    code: 'UserError',
    message: 'Training data has fewer than 50 rows after dropping NaN labels. [Hidden as it may contain PII]',
  },
};

export function failureTail(kind: FailureKind): string[] {
  return TAILS[kind];
}

export function failureError(kind: FailureKind): RunErrorText {
  return ERRORS[kind];
}
