import { causeSignature, nextStepFor, summarizeText, triage } from '../../../src/logs';
import { pickTriageFiles } from '../../../src/azureml/log-source';
import { mapRunError } from '../../../src/azureml/run-mapper';

const log = (file: string, text: string) => ({ file, summary: summarizeText(text) });

describe('triage combines every signal', () => {
  it('a specific innermost code wins over the coarse UserError and a wrapper-only log', () => {
    const v = triage({
      status: 'Failed',
      runError: { code: 'UserError', message: 'Not enough cluster CPU quota to run the job', innerCodes: ['QuotaExceeded', 'OutOfQuota'] },
      logs: [log('user_logs/std_log.txt', "Execution failed. User process 'python' exited with status code 1.")],
    });
    expect(v.category).toBe('compute_quota_or_provisioning');
    expect(v.decidedBy).toContain('error code OutOfQuota');
    expect(v.nextStep.cause).toBe('OutOfQuota');
    expect(v.likely).toBe(false);
  });

  it('an image build failure in the earliest log explains an empty std_log, and the conda cause leads, not the wrapper', () => {
    const build = [
      'Step 7/12 : RUN conda env create -p /azureml-envs/x -f conda.yml',
      'ResolvePackageNotFound: ',
      '  - pytorch-cuda=12.9',
      "The command '/bin/sh -c conda env create -p /azureml-envs/x -f conda.yml' returned a non-zero code: 1",
    ].join('\n');
    const v = triage({ status: 'Failed', logs: [log('azureml-logs/20_image_build_log.txt', build), log('user_logs/std_log.txt', '')] });
    expect(v.category).toBe('image_build_failure');
    expect(v.evidence[0]).toBe('ResolvePackageNotFound: ');
    expect(v.evidence).toContain("The command '/bin/sh -c conda env create -p /azureml-envs/x -f conda.yml' returned a non-zero code: 1");
    expect(v.file).toBe('azureml-logs/20_image_build_log.txt');
    expect(v.nextStep.text).toContain('`pytorch-cuda=12.9`');
  });

  it('an exception the rules do not know is user code, headed by the exception line', () => {
    const v = triage({ status: 'Failed', logs: [log('std_log.txt', ['Traceback (most recent call last):', '  File "train.py", line 9, in on_epoch_end', "KeyError: 'val_accuracy'", "Execution failed. User process 'python' exited with status code 1."].join('\n'))] });
    expect(v.category).toBe('user_code_error');
    expect(v.headline).toBe("KeyError: 'val_accuracy'");
    expect(v.evidence[0]).toBe("KeyError: 'val_accuracy'");
  });

  it('an API-shape error raised inside an installed package is a version mismatch, not the user\'s bug', () => {
    const inLib = ['Traceback (most recent call last):', '  File "train.py", line 3, in <module>', '    run.wait_for_completion(show_output=True)', '  File "/opt/conda/lib/python3.8/site-packages/azureml/core/run.py", line 812, in wait_for_completion', '    self._wait(timeout_seconds=60)', "TypeError: _wait() got an unexpected keyword argument 'timeout_seconds'"].join('\n');
    expect(triage({ status: 'Failed', logs: [log('std_log.txt', inLib)] }).category).toBe('missing_module_or_env');
    const inUser = ['Traceback (most recent call last):', '  File "train.py", line 3, in <module>', '    model.fit(x, epochs=3, verbose_level=2)', "TypeError: fit() got an unexpected keyword argument 'verbose_level'"].join('\n');
    expect(triage({ status: 'Failed', logs: [log('std_log.txt', inUser)] }).category).toBe('user_code_error');
  });

  it('only failure words: a likely category, said as such', () => {
    const v = triage({ status: 'Failed', logs: [log('std_log.txt', 'step 3\nInferencingClient HttpRequest error, error detail: internal service hiccup')] });
    expect(v.likely).toBe(true);
    expect(v.categoryLabel).toBe('Likely: Platform or service error');
  });

  it('a canceled job is canceled whatever the log ends with; NotResponding with no log is a likely platform problem', () => {
    expect(triage({ status: 'Canceled', logs: [log('std_log.txt', 'epoch 3/10')] }).category).toBe('timeout_or_canceled');
    const nr = triage({ status: 'NotResponding', logs: [] });
    expect([nr.category, nr.likely]).toEqual(['platform_or_service_error', true]);
  });

  it('no failure signal at all is unknown', () => {
    expect(triage({ status: 'Failed', logs: [log('std_log.txt', 'epoch 1/3\nepoch 2/3')] }).category).toBe('unknown');
  });

  it("a run error no rule knows is still a failure: likely, by its words, headed by the error's own first line", () => {
    const designer = triage({ status: 'Failed', runError: { message: 'ColumnUniqueValuesExceeded: Number of unique values in column: "design" is greater than allowed.' }, logs: [log('std_log.txt', 'epoch 1/3')] });
    expect([designer.category, designer.likely, designer.categoryLabel]).toEqual(['user_code_error', true, 'Likely: User code error']);
    expect(designer.headline).toBe('ColumnUniqueValuesExceeded: Number of unique values in column: "design" is greater than allowed.');
    expect(designer.evidence).toEqual([designer.headline]);
    expect(designer.decidedBy).toEqual(['run error message']);
    const node = triage({ status: 'Failed', runError: { message: '\n  Run was stopped: the node could not be reached\n' }, logs: [] });
    expect([node.category, node.likely, node.headline]).toEqual(['compute_quota_or_provisioning', true, 'Run was stopped: the node could not be reached']);
  });

  it('a Failed job whose logs name no cause: where the output stopped is the lead, said as likely', () => {
    const automl = ['Submitting remote run.', 'Running on remote compute: hf-compute', 'The validation results are as follows:', 'Y is empty'].join('\n');
    const v = triage({ status: 'Failed', logs: [log('user_logs/std_log.txt', automl), log('system_logs/lifecycler/execution-wrapper.txt', 'Finished wrapper cleanup')] });
    expect([v.category, v.categoryLabel, v.headline, v.file]).toEqual(['user_code_error', 'Likely: User code error', 'Y is empty', 'user_logs/std_log.txt']);
    expect(v.evidence).toEqual(['Y is empty']);
    expect(v.decidedBy).toEqual(['status Failed, where the log stopped', 'user_logs/std_log.txt']);
    // Stopped in the image build: the user's code never ran, whatever the last line's words.
    const build = triage({ status: 'Failed', logs: [log('azureml-logs/20_image_build_log.txt', 'Collecting package metadata (repodata.json): ...working... \ndone\nSolving environment: ...working... '), log('user_logs/std_log.txt', '')] });
    expect([build.category, build.likely, build.file]).toEqual(['image_build_failure', true, 'azureml-logs/20_image_build_log.txt']);
    // The v2 layout keeps the build log under system_logs/: it is a stage of the job, not the platform's bookkeeping.
    const v2 = triage({ status: 'Failed', logs: [log('system_logs/cs_capability/image_build.log', 'Solving environment: ...working... '), log('user_logs/std_log.txt', ''), log('system_logs/lifecycler/execution-wrapper.txt', 'Finished wrapper cleanup')] });
    expect([v2.category, v2.file, v2.headline]).toEqual(['image_build_failure', 'system_logs/cs_capability/image_build.log', 'Solving environment: ...working...']);
    // Without the job's status (a file given to the CLI) the same text shows no failure.
    expect(triage({ logs: [log('std_log.txt', automl)] }).category).toBe('unknown');
  });

  it('a Failed job whose log ends on training progress stays unknown: it was stopped from outside, the line says nothing of why', () => {
    expect(triage({ status: 'Failed', logs: [log('user_logs/std_log.txt', 'loading data\nEpoch 2/10 - loss 0.41')] }).category).toBe('unknown');
  });

  it('the pipeline step that decided is carried to the card', () => {
    expect(triage({ status: 'Failed', logs: [log('std_log.txt', 'MemoryError')], step: 'train' }).step).toBe('train');
  });
});

describe('next steps use values from the evidence only', () => {
  it.each([
    ['out_of_memory', ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 15.77 GiB'], 'this GPU has 15.77 GiB'],
    ['compute_quota_or_provisioning', ['Not enough quota for Standard NCADSA100v4 Family in eastus'], 'Standard NCADSA100v4 Family in eastus'],
    ['missing_module_or_env', ["ModuleNotFoundError: No module named 'sklearn'"], '`sklearn`'],
    ['data_access', ['DataAccessError(PermissionDenied(Some(AuthorizationPermissionMismatch)))'], 'Storage Blob Data Reader'],
    ['timeout_or_canceled', ['Job exceeded max_run_duration_seconds'], 'limits.timeout'],
    ['compute_quota_or_provisioning', ['PreemptionError: Nodes of this job got pre-empted'], 'resubmit'],
  ] as const)('%s: %s', (category, evidence, expected) => {
    const step = nextStepFor(category, evidence);
    expect(step.text).toContain(expected);
    expect(step.learnUrl).toMatch(/^https:\/\/learn\.microsoft\.com\/azure\/machine-learning\//);
  });

  it('a quota without a named family does not invent one', () => {
    expect(nextStepFor('compute_quota_or_provisioning', ['OutOfQuota']).text).toContain('this VM family');
  });

  it('a specific cause of another category does not take over (quota words inside a data error)', () => {
    expect(nextStepFor('data_access', ['StreamAccess failed: storage quota exceeded']).cause).toBe('data_access');
  });
});

describe('cause signature', () => {
  it('masks numbers, paths and ids so the same cause in two jobs compares equal', () => {
    const a = causeSignature('user_code_error', "FileNotFoundError: /mnt/azureml/cr/j/123abc/exe/wd/data/part-0001.csv at 2024-01-02T03:04:05Z");
    const b = causeSignature('user_code_error', "FileNotFoundError: /mnt/azureml/cr/j/999fff/exe/wd/data/part-0002.csv at 2025-11-12T13:14:15Z");
    expect(a).toBe(b);
    expect(causeSignature('image_build_failure', 'ResolvePackageNotFound: pytorch-cuda=12.9')).not.toBe(causeSignature('image_build_failure', 'ResolvePackageNotFound: tensorflow=2.1'));
  });
});

describe('Azure ML signals', () => {
  it('mapRunError keeps the innerError chain, general to specific', () => {
    expect(mapRunError({ error: { code: 'UserError', message: 'm', innerError: { code: 'QuotaExceeded', innerError: { code: 'OutOfQuota' } } } })).toEqual({ code: 'UserError', message: 'm', innerCodes: ['QuotaExceeded', 'OutOfQuota'] });
  });

  it('reads the image build log, the primary log and the execution wrapper, in stage order', () => {
    const files = { 'user_logs/std_log.txt': 'u', 'system_logs/lifecycler/10.0.0.4/execution-wrapper.log': 'w', 'azureml-logs/20_image_build_log.txt': 'b', 'system_logs/cs_capability/cs-capability.log': 'c' };
    expect(pickTriageFiles(files)).toEqual(['azureml-logs/20_image_build_log.txt', 'user_logs/std_log.txt', 'system_logs/lifecycler/10.0.0.4/execution-wrapper.log']);
  });
});
