import { forEachCandidateLine } from '../../../src/logs/keyword-scanner';
import { summarizeText, type FailureCategory } from '../../../src/logs';

/**
 * One-line (or tiny) examples of how real Azure ML logs phrase each category.
 * Each must be found by the stem scanner and classified as expected, which
 * keeps the scanner's stems and the rule table in step.
 */
const EXAMPLES: ReadonlyArray<readonly [FailureCategory, string]> = [
  ['out_of_memory', 'RuntimeError: CUDA error: out of memory'],
  ['out_of_memory', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB'],
  ['out_of_memory', 'tensorflow.python.framework.errors_impl.ResourceExhaustedError: OOM when allocating tensor with shape[64,512]'],
  ['out_of_memory', 'Container main terminated with reason OOMKilled'],
  ['out_of_memory', "User process 'python' exited with status code 137"],
  ['out_of_memory', 'Killed'],
  ['out_of_memory', 'MemoryError'],
  ['out_of_memory', 'terminate called after throwing an instance of std::bad_alloc'],
  ['image_build_failure', 'Image build failed. For more details, check log file azureml-logs/20_image_build_log.txt'],
  ['image_build_failure', 'Failed to pull image mcr.microsoft.com/azureml/base:latest'],
  ['image_build_failure', 'Warning  Failed  kubelet  Error: ErrImagePull'],
  ['image_build_failure', "The command '/bin/sh -c conda env create -f env.yml' returned a non-zero code: 1"],
  ['missing_module_or_env', "ModuleNotFoundError: No module named 'sklearn'"],
  ['missing_module_or_env', "ImportError: cannot import name 'soft_unicode' from 'markupsafe'"],
  ['missing_module_or_env', 'ERROR: No matching distribution found for tensorflow==1.2.3'],
  // conda solves environments inside the image build on Azure ML.
  ['image_build_failure', 'UnsatisfiableError: The following specifications were found to be incompatible with each other:'],
  ['missing_module_or_env', 'ImportError: libGL.so.1: cannot open shared object file: No such file or directory'],
  ['data_access', 'Error Code: ScriptExecution.StreamAccess.Authentication'],
  ['data_access', 'StreamAccessException was caused by AuthenticationException.'],
  ['data_access', "azureml.dataprep.api.errorhandlers.ExecutionError: DataAccessError(PermissionDenied(Some(AuthorizationPermissionMismatch)))"],
  ['data_access', 'Mount failed: blobfuse exited with code 1'],
  ['data_access', 'ErrorCode:AuthorizationFailure'],
  ['data_access', "PermissionError: [Errno 13] Permission denied: '/mnt/azureml/cr/j/9/cap/data-capability/wd/OUTPUT_model/model.pkl'"],
  ['compute_quota_or_provisioning', 'Operation results in exceeding quota limits of Core. Maximum allowed: 24, Current in use: 24, Additional requested: 6.'],
  ['compute_quota_or_provisioning', '{"code": "UserError", "message": "Insufficient quota for Standard_ND40rs_v2"}'],
  ['compute_quota_or_provisioning', 'AzureMLCompute cluster gpu-nc6 does not exist'],
  ['compute_quota_or_provisioning', 'Job preempted: the low priority node was reclaimed'],
  ['compute_quota_or_provisioning', 'Allocation failed. We do not have sufficient capacity for the requested VM size in this region.'],
  ['auth_permission', 'azure.identity.CredentialUnavailableError: ManagedIdentityCredential authentication unavailable'],
  ['auth_permission', 'AADSTS700016: Application with identifier was not found in the directory'],
  ['auth_permission', "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/read'"],
  ['auth_permission', 'azure.core.exceptions.HttpResponseError: (Forbidden) Caller is not authorized to access Key Vault kv-01 (status code 403)'],
  ['timeout_or_canceled', 'Job exceeded max_run_duration_seconds and was canceled'],
  ['timeout_or_canceled', 'The run timed out and was terminated'],
  ['timeout_or_canceled', 'Failed to flush task queue within 300 seconds'],
  ['timeout_or_canceled', 'Run was cancelled by user'],
  ['platform_or_service_error', 'azureml._restclient.exceptions.ServiceException: ServiceException: Code: 500 Message: Internal Server Error'],
  ['platform_or_service_error', 'Received 503 Service Unavailable from the run history service'],
  ['platform_or_service_error', 'Service invocation failed!'],
  ['user_code_error', 'User program failed with ValueError: could not convert string to float'],
  ['user_code_error', "Execution failed. User process '/usr/bin/python' exited with status code 1."],
];

describe('rule table examples', () => {
  it.each(EXAMPLES)('%s: %s', (category, line) => {
    const bytes = Buffer.from(`INFO before\n${line}\nINFO after\n`);
    const found: string[] = [];
    forEachCandidateLine(bytes, 0, bytes.length, (s, e) => found.push(bytes.toString('utf8', s, e)));
    expect(found).toContain(line);
    expect(summarizeText(bytes.toString('utf8')).category).toBe(category);
  });

  it('does not flag ordinary training lines', () => {
    const healthy = [
      'INFO Epoch 3/10 step 1200/5000 loss=0.231 lr=0.0001',
      'INFO checkpoint saved to ./outputs/ckpt-1200.pt',
      'Using low priority compute for this sweep trial',
      'Fetching secret from the workspace Key Vault',
    ].join('\n');
    expect(summarizeText(healthy).category).toBe('unknown');
  });

  it('finds every candidate line, including the first and an unterminated last one', () => {
    const bytes = Buffer.from('Error at start\nok\nok\nfailed at end');
    const found: string[] = [];
    forEachCandidateLine(bytes, 0, bytes.length, (s, e) => found.push(bytes.toString('utf8', s, e)));
    expect(found).toEqual(['Error at start', 'failed at end']);
  });
});
