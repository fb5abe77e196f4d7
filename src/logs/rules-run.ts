import { WEIGHTS, type Rule } from './rule-types';

/** How the run ended: time limits and cancels, the service, the user's program, and plain failure words. */

export const RUN_TYPE_PROVIDER_NOISE: Rule = {
  id: 'run-type-provider-noise',
  category: null,
  weight: 0,
  noise: true,
  // conda's "Solving environment: failed with initial frozen solve. Retrying with flexible solve." is a retry.
  pattern: /Failure while loading azureml_run_type_providers|Failed to load entrypoint|Solving environment: failed with (?:initial frozen solve|repodata from)/i,
};

/**
 * pip's and conda's progress lines name packages ("Requirement already satisfied: azureml-dataprep …",
 * "Collecting protobuf<4 (from tensorflow)"): a package name is not a failure, unless the line says one.
 */
export const PACKAGE_PROGRESS_NOISE: Rule = {
  id: 'package-progress-noise',
  category: null,
  weight: 0,
  noise: true,
  // An optional BuildKit step prefix ("#8 0.345 ") or timestamp may come first.
  pattern: /^[\W\d_]{0,40}(?:Requirement already satisfied|Collecting|Downloading|Using cached|Installing collected packages|Successfully installed|Successfully uninstalled|Found existing installation|Attempting uninstall|Uninstalling|Created wheel for|Stored in directory|Obtaining|Looking in indexes)\b/,
  unless: /\berror\b|\bfailed\b|exception/i,
};

/** pip prints its resolver notice as ERROR after successful installs too; the conflicts it lists follow it. */
export const PIP_RESOLVER_NOTICE: Rule = {
  id: 'pip-resolver-notice',
  category: null,
  weight: 0,
  noise: true,
  pattern: /pip's dependency resolver does not currently take into account/,
};

export const TIMEOUT_OR_CANCEL: Rule = {
  // Azure ML limits (max_run_duration, AutoML timeouts), cancels, collective-operation timeouts (NCCL watchdog), and
  // ParallelRunStep's own timeout ("No progress update in N seconds": no mini-batch finished within its limits).
  id: 'timeout-or-cancel',
  category: 'timeout_or_canceled',
  weight: WEIGHTS.timeout,
  // Limits are named in every config dump ("experiment_timeout_minutes": 60): only a limit that was hit counts.
  pattern:
    /(?:max_run_duration|MaxRunDuration|experiment_timeout|trial_timeout|run_invocation_timeout|limits\.timeout)\w*\b.{0,120}\b(?:exceed|reach|cancel|terminat|timed? ?out|stopp)|\b(?:exceed|reach)\w*\b.{0,120}(?:max_run_duration|MaxRunDuration|experiment_timeout|trial_timeout|run_invocation_timeout|limits\.timeout)|JobCancel(?:l)?ed|(?:job|run) (?:was |has been )?(?:cancel(?:l)?ed|terminated) by|TimedOut|Timed Out\b|RUN_TIMEOUT|Timeout exceeded|timeout (?:expired|exceeded)|cancel requested|status is canceled|Canceled by (?:user|the user|system)|(?:maximum|max) (?:allowed )?(?:run )?(?:duration|runtime|run time)|exceeded (?:the |its )?(?:maximum |max |allowed )?(?:run ?)?(?:duration|time ?limit|time|timeout)|terminated (?:due to|because of) (?:a )?time ?out|\bCancell?ing (?:the )?(?:run|job|experiment|pipeline)\b|r(?:an|unning) longer than|\b(?:run|job|experiment|execution|trial|iteration|step|process|upload|operation) (?:has |was )?timed out|(?:experiment|iteration|run|job) timeout reached|(?:upload|artifact|snapshot|finaliz\w*)\b.{0,80}\b(?:timed out|timeout (?:exceeded|expired|reached|error)|Timeout(?:Error|Exception))|deadline exceeded|\b(?:run|job|experiment|trial|pipeline|execution|step) (?:was |has been )?cancel(?:l)?ed|\b(?:status|state):? ['"]?Cancel(?:l)?ed\b|CancelRequested|Cancel(?:l)?ation requested|(?:User|Job|Run)Cancel(?:l)?ed|received (?:SIGTERM|SIGINT|a cancel)|Watchdog caught collective operation timeout|collective operation timeout|OperationCanceled|mini[- ]?batch\b.{0,60}\btimed? ?out|No progress update in \d+ seconds/i,
};

export const KEYBOARD_INTERRUPT: Rule = {
  id: 'keyboard-interrupt',
  category: 'timeout_or_canceled',
  weight: WEIGHTS.interrupt,
  pattern: /^\s*KeyboardInterrupt\b/,
};

export const RUN_FINALIZATION_FAILED: Rule = {
  // Finalization failures are, in practice, artifact upload/flush timeouts.
  id: 'run-finalization-failed',
  category: 'timeout_or_canceled',
  weight: WEIGHTS.finalization,
  pattern: /RunHistoryFinalization\s+failed/i,
  headlineFrom: [/RunHistoryFinalization\s+failed/i],
};

export const PROVISIONING_HEADING: Rule = {
  // "Provisioning error" heads a block whose next line says what went wrong.
  id: 'provisioning-heading',
  category: 'compute_quota_or_provisioning',
  weight: WEIGHTS.provisioningHeading,
  pattern: /Provisioning (?:error|failed)/i,
};

export const USER_CODE_REPORT: Rule = {
  // argparse and ParallelRunStep report the user's mistake without a Python exception name.
  id: 'user-code-report',
  category: 'user_code_error',
  weight: WEIGHTS.exception,
  // Online endpoints: the scoring container crashed in init()/run() (score.py), which the probes then report.
  pattern: /\berror: (?:the following arguments are required|argument |unrecognized arguments)|DriverException|no succeeded mini batch|User container has crashed or terminated|CrashLoopBackOff|(?:Liveness|Readiness) probe failed|User's init function failed/i,
};

/**
 * The job's YAML or arguments did not pass the Azure ML schema (marshmallow's messages, as `az ml` prints them):
 * the user's specification is wrong, so it is the user's error, said by the message itself.
 */
export const SPEC_VALIDATION: Rule = {
  id: 'spec-validation',
  category: 'user_code_error',
  weight: WEIGHTS.exception,
  pattern:
    /Validation for \w+Schema failed|One or more fields are invalid|Value passed is not a data binding string|Missing data for required field\.|^\s*["'(]?(?:\w+\)\s*)?Unknown field\.|Not a valid (?:string|integer|number|boolean|mapping|list|datetime|URL|choice)\.|Field may not be null\.|Must be one of: |In order to specify an existing \w+, please provide/i,
};

export const PLATFORM_SERVICE: Rule = {
  // Azure ML services and the HTTP layer under them: 5xx, throttling, resets, .NET exceptions from the service.
  id: 'platform-service',
  category: 'platform_or_service_error',
  weight: WEIGHTS.platform,
  pattern:
    /InternalServerError|Internal Server Error|An unexpected error occurred|Connection reset by peer|Connection aborted|Max retries exceeded with url|RemoteDisconnected|retries exhausted|ServiceInvocationException|while calling service|throttl\w*|Too many requests?\b|overloaded|System errors were found|invalid status (?:code )?'(?:Not Found|NotFound|Bad Request|BadRequest|ServiceUnavailable|Service Unavailable)'|\bTransientError\b|RequestThrottled|\bServiceError\b|ServiceException|Service invocation failed|ServiceUnavailable|Service Unavailable|service is (?:currently |temporarily )?unavailable|Bad Gateway|Gateway Time-?out|(?:GET|PUT|POST|DELETE|PATCH|HEAD) https?:\/\/\S+\s+50[0-4]\b|(?:status(?:[ _]?code)?|HTTP(?:\/\d(?:\.\d)?)?)[:= ]\s*'?50[0-4]\b|\bReceived 50[0-4]\b|"code":\s*"(?:SystemError|InternalError|ServiceError)"|\bInternalError\b|internal (?:[\w-]+ ){0,3}error|AutoMLInternal|Unexpected error (?:occurred )?in the service|^\s*SystemError\b|Object reference not set to an instance of an object|NullReferenceException|Failed to establish a new connection|Temporary failure in name resolution|Name or service not known|ServiceRequestError|ServiceResponseError|MaxRetryError|uncorrectable ECC error|GPU has fallen off the bus|\bXid \d+|OCI runtime (?:create|exec) failed|nvidia-container-cli|ncclSystemError|NCCL error.{0,80}unhandled system error|\binternal failure\b|(?:please )?(?:retry|try again) later\b|\b50[0-4] Server Error\b|HttpClient\.Timeout|TaskCanceledException|Microsoft\.RelInfra\.\S+Exception/i,
};

export const USER_PROCESS_EXIT: Rule = {
  id: 'user-process-exit',
  category: 'user_code_error',
  weight: WEIGHTS.wrapper,
  wrapper: true,
  pattern:
    /User program failed with|User process .{0,300}exited with status code [1-9]|exited with (?:status |exit )?code:? ?[1-9]\d*|returned non-zero exit status [1-9]|non-zero exit (?:code|status)|Process exited with (?:code|status) [1-9]|Execution halted|^Error in .{1,200}:|Segmentation fault|\(core dumped\)/i,
  headlineFrom: [
    /User program failed with (.*)$/i,
    /(User process) .*?(exited with status code \d+)/i,
    /exited with (?:status |exit )?code:? ?\d+|returned non-zero exit status \d+|Execution halted|^Error in .*/i,
  ],
};

/**
 * The SDK's and launchers' own wrappers around a failure (`ActivityFailedException` around the run error JSON,
 * torch elastic's `ChildFailedError` around a rank's traceback): weigh less than the wrapper that names the cause.
 */
export const SDK_WRAPPER_EXCEPTION: Rule = {
  id: 'sdk-wrapper-exception',
  category: 'user_code_error',
  weight: WEIGHTS.wrapper - 2,
  wrapper: true,
  pattern: /ActivityFailedException|ChildFailedError|StepRunException|PipelineRunException/,
};

export const FAILURE_MARKER: Rule = {
  id: 'failure-marker',
  category: null,
  weight: WEIGHTS.marker,
  pattern:
    /\b(?:job|run|experiment|execution|step|pipeline|task|trial) (?:has )?failed|\bfailed with\b|Error: null|\bUserError\b|\bSystemError\b|ErrorResponse|Unhandled exception|^\s*(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception)\b|\bERROR\b|\bFATAL\b/,
};

export const SOFT_FAILURE_MARKER: Rule = {
  // Plain-language failure words: enough to say "something failed here" and let the words pick a likely category.
  id: 'soft-failure-marker',
  category: null,
  weight: WEIGHTS.softMarker,
  soft: true,
  pattern: /^\s*(?:error|failed|failure|fatal)\b|\b(?:error|exception|failure)(?: detail| message| code)?s?\s*[:=]|\bfailed to\b|\bcould not\b|\bunable to\b|\bcannot\b|\bnot found\b|\bfailed\b/i,
  // Plain failure words at INFO or WARNING level are a library narrating, not the job failing.
  unless: /\b(?:INFO|WARN(?:ING)?)\b|\b0 (?:errors|failed|failures)\b|\b[A-Z]\w*Warning: /i,
};
