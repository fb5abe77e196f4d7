import type { FailureCategory } from './categories';

/**
 * One classification rule. The table order decides which rule owns a line
 * (first match wins, so specific rules sit above generic ones); the weight
 * decides which line wins across the log (root causes outrank wrappers).
 */
export interface Rule {
  id: string;
  /** null marks a failure signal that names no category ("Job failed", "Error: null"). */
  category: FailureCategory | null;
  weight: number;
  pattern: RegExp;
  /** The line must also match this (e.g. a mount path next to "Permission denied"). */
  requires?: RegExp;
  /** Category to use when the log is an image build (conda/pip errors during docker build). */
  inBuild?: FailureCategory;
  /** Wrapper lines ("User process … exited with status code 1") support a cause but are not one. */
  wrapper?: boolean;
  /** The line must not match this (a warning that mentions an error is not one). */
  unless?: RegExp;
  /** A soft marker only counts as a failure when the job is known to have failed, or nothing else is known. */
  soft?: boolean;
  /** Applies only when the log is an image build (a shell or package-manager error in a Dockerfile step). */
  onlyInBuild?: boolean;
  /** Lines that look like failures but are known noise. */
  noise?: boolean;
  /** Where the headline starts: the first capture group if present, else the whole match. */
  headlineFrom?: readonly RegExp[];
}

export const WEIGHTS = {
  oom: 95,
  compute: 92,
  image: 90,
  timeout: 88,
  data: 86,
  auth: 84,
  env: 80,
  interrupt: 60,
  exception: 50,
  finalization: 45,
  platform: 40,
  buildStep: 60,
  buildWrapper: 35,
  provisioningHeading: 38,
  exceptionLine: 46,
  wrapper: 30,
  marker: 10,
  softMarker: 5,
} as const;

/** Paths and words that put a file error on a datastore mount rather than in user code. */
const MOUNT_HINT =
  /\/mnt\/(?:azureml|batch)(?!\/cr\/j\/\w+\/exe\/)|data-capability|\bINPUT_|\bOUTPUT_|workspace(?:blob|file|artifact)store|azureml:\/\/|wasbs?:\/\/|abfss?:\/\/|adl:\/\/|\.blob\.core|\.dfs\.core|datastore|dataset|blobfuse|mount/i;

export const RULES: readonly Rule[] = [
  {
    id: 'run-type-provider-noise',
    category: null,
    weight: 0,
    noise: true,
    pattern: /Failure while loading azureml_run_type_providers|Failed to load entrypoint/i,
  },
  {
    // Checked before OOM: a flush timeout can carry a ResourceExhausted inner code.
    id: 'flush-timeout',
    category: 'timeout_or_canceled',
    weight: WEIGHTS.timeout,
    pattern: /Failed to flush task queue|flush(?:ing)?\b.{0,80}\b(?:timed? ?out|within \d+(?:\.\d+)? seconds)/i,
  },
  {
    id: 'out-of-memory',
    category: 'out_of_memory',
    weight: WEIGHTS.oom,
    pattern:
      /CUDA out of memory|CUDA error: out of memory|OutOfMemoryError|OOM when allocating|ResourceExhaustedError\W{0,3}OOM|ResourceExhausted.{0,80}\bMemory\b|InsufficientMemory|\bOOMKilled\b|\bOOM[- ]?kill|Out of memory: Kill|\bMemoryError\b|ArrayMemoryError|Unable to allocate [\d.]+ [KMGT]i?B|Cannot allocate memory|std::bad_alloc|CUBLAS_STATUS_ALLOC_FAILED|cudaErrorMemoryAllocation|DataLoader worker \(pids?\(s\)? [\d, ]+\) (?:exited unexpectedly|is killed by signal)|shared memory \(shm\)|(?:exit(?:ed)? (?:with )?(?:code|status)|returncode|return code)[: ]*-9\b|\bKilled process \d+|oom-kill(?:er)?|memory (?:usage )?(?:limit )?exceeded|insufficient memory|RESOURCE_EXHAUSTED.{0,40}memory|exit(?:ed)? (?:with )?(?:status |code:? ?)137\b|status code:? 137\b|^\s*Killed\s*$|signal: killed|\bout of (?:GPU |host |device )?memory\b|memory limit (?:was )?exceeded|exceeded (?:its |the )?memory limit/i,
    headlineFrom: [/CUDA out of memory.*$/, /CUDA error: out of memory.*$/, /ResourceExhaustedError.*$/, /OOM when allocating.*$/, /\w*MemoryError.*$/],
  },
  {
    id: 'compute-quota-provisioning',
    category: 'compute_quota_or_provisioning',
    weight: WEIGHTS.compute,
    pattern:
      /QuotaExceeded|OutOfQuota|\bquota (?:exceeded|limit|is not enough|has been reached|of \d|reached)|\bQuota reached|vCPU quota|core quota|(?:cluster|regional|family|subscription|workspace|dedicated|low[- ]priority|GPU|CPU) \w* ?quota|quota (?:for|usage)\b.{0,80}(?:exceed|limit|\d+\s*\/\s*\d+)|ExceedsCoreQuota|ExceedCoreQuota|Unknown compute target|Invalid instance type|exceeded the node size|unusable node|NodesUnusable|No space left on device|disk (?:is |was )?full|out of disk space|Insufficient (?:\w+ )?quota|(?:exceed|over)\w* (?:the |your )?(?:[\w-]+ ){0,3}quota|ComputeTargetNotFound|compute\b.{0,80}\bis not in (?:a )?succeeded state|does not have enough nodes|ResizeError|Resize error|NotAvailableForSubscription|(?:Standard_\w+|VM size)\b.{0,60}\bnot (?:available|supported)\b|not enough quota|AzureMLCompute cluster .{0,80}(?:does not exist|not found)|compute (?:target |cluster |instance )?['"]?[\w-]+['"]? (?:does not exist|was not found|not found)|cluster\b.{0,120}\bwas not found|ProvisioningFailed|failed to provision|node allocation|NodeAllocation|AllocationFailed|Allocation failed|OverconstrainedAllocationRequest|ZonalAllocationFailed|SkuNotAvailable|InsufficientCapacity|preempt(?:ed|ion)|(?:low[- ]priority|spot) (?:node|vm|instance|virtual machine)s?\b.{0,60}(?:evict|preempt|reclaim|lost|removed)|\bevicted\b|no (?:idle |available )?nodes? (?:are |is )?available|not enough (?:nodes|cores|capacity)|requested VM size .{0,60}not available|cluster is (?:in )?(?:a )?(?:failed|deleting|resizing) state/i,
  },
  {
    id: 'image-build-or-pull',
    category: 'image_build_failure',
    weight: WEIGHTS.image,
    pattern:
      /FailedPullingImage|no basic auth credentials|denied: requested access to the resource is denied|toomanyrequests|failed to register layer|Environment build failed|BuildFailed\b|AcrRefreshToken\w*|Unable to retrieve ACR|EnvironmentBuildFailed|Image pull failed|image-fetcher|acb_step_\d|Failed to pull (?:the )?(?:docker )?image|(?:unable|failed) to pull|pull access denied|ErrImagePull|ImagePullBackOff|manifest (?:for .{1,120} )?(?:not found|unknown)|azurecr\.io.{0,200}(?:unauthorized|authentication required|denied)|(?:unauthorized|authentication required|denied).{0,200}azurecr\.io/i,
  },
  {
    // The conda solver and pip builds run inside the image build on Azure ML (conda env create in the Dockerfile).
    id: 'conda-env-build',
    category: 'image_build_failure',
    weight: WEIGHTS.image - 1,
    pattern: /ResolvePackageNotFound|UnsatisfiableError|CondaEnvException|\bPip failed\b|Failed building wheel|Cannot uninstall '|Unable to run conda package manager|An error occurred while installing package|CondaHTTPError|CondaVerificationError|CondaMultiError/i,
    headlineFrom: [/(?:\w+\.)*\w*(?:Error|Exception|NotFound)\b.*$/],
  },
  {
    // The solver's "failed" comes before the error that says what it could not solve.
    id: 'conda-solve-failed',
    category: 'missing_module_or_env',
    inBuild: 'image_build_failure',
    weight: WEIGHTS.buildStep,
    pattern: /Solving environment: .{0,30}failed/i,
  },
  {
    // Build wrappers say that a step failed, not why: the cause is the conda/pip/apt line above them.
    id: 'image-build-wrapper',
    category: 'image_build_failure',
    weight: WEIGHTS.buildWrapper,
    wrapper: true,
    pattern:
      /(?:docker |environment |conda )?image build (?:has )?failed|ImageBuildFailure|Failed to build (?:the )?(?:docker |environment )?image|build(?:ing)? (?:the )?(?:docker |environment )?image.{0,60}fail|returned a non-zero code: \d+|executor failed running|failed to solve:|did not complete successfully: exit code|Job environment preparation failed|Failed to prepare an environment/i,
  },
  {
    // "Cannot mount since azureml-dataprep-rslex is not installed": the missing package is the cause, not the mount.
    id: 'package-not-installed',
    category: 'missing_module_or_env',
    inBuild: 'image_build_failure',
    weight: WEIGHTS.env,
    pattern: /`?[\w.-]+`? is not installed\b|please (?:pip )?install [\w.-]+/i,
  },
  {
    id: 'data-access',
    category: 'data_access',
    weight: WEIGHTS.data,
    pattern:
      /DataAccessError|StreamAccess|\brslex\b|\bdataprep\b|DataPath\w*(?:Error|Exception|NotFound)|No (?:files|data) (?:were )?found (?:at|in|under) (?:the )?(?:path|folder|datastore|location)|Failed to (?:download|upload|read|write) (?:the )?(?:input|output|dataset|data|files?|blobs?|artifacts?)\b|StreamError|Found no resources for the input provided|Authentication failed when trying to access (?:the )?(?:stream|destination|source)|Not able to find MLTable|Could not find datastore|Cannot mount (?:the )?dataset|Dataset\w*(?:Execution|Validation)\w*(?:Error|Exception)|Dataset initialization failed|Could not connect to specified database|StorageAuthError|sas_token|AZFMountError|BFSMountError|Unable to mount|DestinationError|UriMountSession|PyFuseError|data-capability\.\w+|DataPathInaccessible|DatasetMount\w*Error|Mount(?:ing)? (?:failed|error)|failed to mount|mount (?:point )?(?:failed|error)|blobfuse.{0,80}(?:fail|error)|Unable to start blobfuse|AuthorizationPermissionMismatch|AuthorizationFailure|This request is not authorized to perform this operation|PermissionDenied|BlobNotFound|ContainerNotFound|The specified (?:blob|container|resource|path) does not exist|(?:datastore|data asset|dataset)\b.{0,120}\b(?:not found|does not exist|could not be (?:found|accessed)|inaccessible|denied)|Server failed to authenticate the request|DataStoreNotFound|DatasetNotFound|Input path .{0,200}(?:not found|does not exist)/i,
  },
  {
    // File errors count as data access only when they point at a mount or datastore.
    id: 'data-path-error',
    category: 'data_access',
    weight: WEIGHTS.data,
    pattern: /No such file or directory|FileNotFoundError|Permission denied|Read-only file system|not found|does not exist/i,
    requires: MOUNT_HINT,
  },
  {
    id: 'auth-identity-permission',
    category: 'auth_permission',
    weight: WEIGHTS.auth,
    pattern:
      /ManagedIdentityCredential|AuthenticationError|AuthenticationException|Unable to get (?:an )?access token|Insufficient privileges|not authorized to access|LinkedAuthorizationFailed|access token expir|token expir\w*|Failed to retrieve a token|\bMSI: |invalid status code '(?:Forbidden|Unauthorized)'|\(Forbidden\)|\bForbidden\b|\bUnauthorized\b|AuthenticationFailed|InvalidOrExpiredToken|DefaultAzureCredential failed|CredentialUnavailableError|ClientAuthenticationError|AuthenticationFailedException|Msal\w*Exception|managed_identity|AADSTS\d+|Invalid secret token header|SecretNotFound|(?:KeyVault|Key Vault|\bvault\b).{0,200}(?:denied|forbidden|not found|unauthori[sz]ed|does not have|permission|fail|error)|(?:denied|forbidden|unauthori[sz]ed|does not have|permission|fail|error).{0,200}(?:KeyVault|Key Vault|\bvault\b)|\bAuthorizationFailed\b|AuthorizationRequestDenied|does not have (?:the )?(?:authorization|permission)|InvalidAuthenticationToken|ExpiredAuthenticationToken|token (?:validation failed|is expired|has expired|expired)|\b(?:401|403)\b.{0,40}(?:Unauthorized|Forbidden)|(?:Unauthorized|Forbidden).{0,40}\b(?:401|403)\b|status(?: code)?:? ?40[13]\b|IdentityNotFound|identity (?:not found|is not configured)|Please run 'az login'/i,
  },
  {
    id: 'missing-module-or-env',
    category: 'missing_module_or_env',
    weight: WEIGHTS.env,
    inBuild: 'image_build_failure',
    pattern:
      /ModuleNotFoundError|\bImportError\b|undefined symbol|version `GLIBC|CUDA driver version is insufficient|requires a different Python|is not installed|module '[\w.]+' has no attribute|No module named|cannot import name|DLL load failed|cannot open shared object file|PackagesNotFoundError|PackageNotFoundError|No matching distribution found|Could not find a version that satisfies|ResolutionImpossible|conflicting dependencies|pip subprocess error|CondaEnvException|CondaHTTPError|CondaValueError|ContextualVersionConflict|VersionConflict|DistributionNotFound|Environment (?:creation|setup) failed|conda: command not found|python: command not found/i,
    headlineFrom: [/(?:\w+\.)*\w*(?:Error|Exception|NotFound)\b.*$/, /No module named.*$/, /No matching distribution.*$/],
  },
  {
    id: 'timeout-or-cancel',
    category: 'timeout_or_canceled',
    weight: WEIGHTS.timeout,
    pattern:
      /max_run_duration|MaxRunDuration|experiment_timeout|trial_timeout|run_invocation_timeout|JobCancel(?:l)?ed|(?:job|run) (?:was |has been )?(?:cancel(?:l)?ed|terminated) by|TimedOut|Timed Out\b|RUN_TIMEOUT|Timeout exceeded|timeout (?:expired|exceeded)|cancel requested|status is canceled|Canceled by (?:user|the user|system)|maximum (?:run )?(?:duration|runtime|run time)|exceeded (?:the )?(?:maximum |max |allowed )?(?:run ?)?(?:duration|time ?limit|time|timeout)|ran longer than|\b(?:run|job|experiment|execution|trial|iteration|step|process|upload|operation) (?:has |was )?timed out|(?:experiment|iteration|run|job) timeout reached|(?:upload|artifact|snapshot|finaliz\w*)\b.{0,80}\b(?:timed out|timeout)|deadline exceeded|\b(?:run|job|experiment|trial|pipeline) (?:was |has been )?cancel(?:l)?ed|CancelRequested|Cancel(?:l)?ation requested|(?:User|Job|Run)Cancel(?:l)?ed|received (?:SIGTERM|SIGINT|a cancel)/i,
  },
  {
    id: 'keyboard-interrupt',
    category: 'timeout_or_canceled',
    weight: WEIGHTS.interrupt,
    pattern: /^\s*KeyboardInterrupt\b/,
  },
  {
    // Finalization failures are, in practice, artifact upload/flush timeouts.
    id: 'run-finalization-failed',
    category: 'timeout_or_canceled',
    weight: WEIGHTS.finalization,
    pattern: /RunHistoryFinalization\s+failed/i,
    headlineFrom: [/RunHistoryFinalization\s+failed/i],
  },
  {
    id: 'build-step-error',
    category: 'image_build_failure',
    weight: WEIGHTS.buildStep,
    onlyInBuild: true,
    pattern: /\/bin\/(?:ba)?sh: |^\s*E: |\bERROR: |No such file|cannot open|command not found|Unable to locate package|\bexit code: [1-9]/i,
  },
  {
    // "Provisioning error" heads a block whose next line says what went wrong.
    id: 'provisioning-heading',
    category: 'compute_quota_or_provisioning',
    weight: WEIGHTS.provisioningHeading,
    pattern: /Provisioning (?:error|failed)/i,
  },
  {
    // argparse and ParallelRunStep report the user's mistake without a Python exception name.
    id: 'user-code-report',
    category: 'user_code_error',
    weight: WEIGHTS.exception,
    pattern: /\berror: (?:the following arguments are required|argument |unrecognized arguments)|DriverException|no succeeded mini batch/i,
  },
  {
    id: 'platform-service',
    category: 'platform_or_service_error',
    weight: WEIGHTS.platform,
    pattern:
      /InternalServerError|Internal Server Error|An unexpected error occurred|Connection reset by peer|Connection aborted|Max retries exceeded with url|RemoteDisconnected|retries exhausted|ServiceInvocationException|while calling service|throttl\w*|Too many requests?\b|overloaded|System errors were found|invalid status (?:code )?'(?:Not Found|NotFound|Bad Request|BadRequest|ServiceUnavailable|Service Unavailable)'|\bTransientError\b|RequestThrottled|\bServiceError\b|ServiceException|Service invocation failed|ServiceUnavailable|Service Unavailable|Bad Gateway|Gateway Time-?out|(?:GET|PUT|POST|DELETE|PATCH|HEAD) https?:\/\/\S+\s+50[0-4]\b|(?:status(?:[ _]?code)?|HTTP(?:\/\d(?:\.\d)?)?)[:= ]\s*'?50[0-4]\b|"code":\s*"(?:SystemError|InternalError|ServiceError)"|\bInternalError\b|internal (?:AutoML |service |server )?error|AutoMLInternal|Unexpected error (?:occurred )?in the service|^\s*SystemError\b/i,
  },
  {
    id: 'user-process-exit',
    category: 'user_code_error',
    weight: WEIGHTS.wrapper,
    wrapper: true,
    pattern:
      /User program failed with|User process .{0,300}exited with status code [1-9]|exited with (?:status |exit )?code:? ?[1-9]\d*|returned non-zero exit status [1-9]|non-zero exit (?:code|status)|Process exited with (?:code|status) [1-9]|Execution halted|^Error in .{1,200}:/i,
    headlineFrom: [
      /User program failed with (.*)$/i,
      /(User process) .*?(exited with status code \d+)/i,
      /exited with (?:status |exit )?code:? ?\d+|returned non-zero exit status \d+|Execution halted|^Error in .*/i,
    ],
  },
  {
    id: 'failure-marker',
    category: null,
    weight: WEIGHTS.marker,
    pattern:
      /\b(?:job|run|experiment|execution|step|pipeline|task|trial) (?:has )?failed|\bfailed with\b|Error: null|\bUserError\b|\bSystemError\b|ErrorResponse|Unhandled exception|^\s*(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception)\b|\bERROR\b|\bFATAL\b/,
  },
  {
    // Plain-language failure words: enough to say "something failed here" and let the words pick a likely category.
    id: 'soft-failure-marker',
    category: null,
    weight: WEIGHTS.softMarker,
    soft: true,
    pattern: /^\s*(?:error|failed|failure|fatal)\b|\b(?:error|exception|failure)(?: detail| message| code)?s?\s*[:=]|\bfailed to\b|\bcould not\b|\bunable to\b|\bcannot\b|\bnot found\b|\bfailed\b/i,
    unless: /\bWARN(?:ING)?\b|\b0 (?:errors|failed|failures)\b/i,
  },
];

/**
 * A cheap superset of every rule, tested before the rules so that ordinary
 * lines cost one regex. Every rule pattern must contain one of these words
 * (rules.test.ts checks this with example lines).
 */
export const FAILURE_HINT =
  /error|exception|fail|traceback|kill|exit|denied|quota|oom|memory|time(?:d|out| limit)|cancel|preempt|evict|unauthori|forbidden|not found|notfound|does not exist|no module|import|resolvepackage|distribution|satisf|conflict|halted|aadsts|vault|credential|token|identity|mount|permission|alloc|provision|capacity|sku|unable|non-zero|status code|exit code|50[0-4]|40[13]|duration|interrupt|signal|read-only|no such file|deadline|unavailable|exhausted|not available|not authorized|bad gateway|gateway time|manifest|conda|pip|solving|cluster|nodes? |sigterm|ran longer|denied|lib\w+\.so|streamaccess|datastore|azurecr|image|authoriz|az login|shared object|fatal/i;
