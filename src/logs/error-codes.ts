import type { FailureCategory } from './categories';
import { WEIGHTS, type Rule } from './rule-types';

/**
 * Azure's structured error codes (run error JSON `error.code` and its `innerError` chain, ARM and SDK error bodies,
 * `HttpResponseError: (Code) message`, Storage's `ErrorCode:`), mapped to a category. Generic codes (UserError,
 * BadRequest, BadArgument, NotFound…) map to nothing: they say who is blamed, not what failed. Order matters: data
 * before auth (Storage's `AuthorizationFailure` and `ScriptExecution.WriteStreams.Authentication` are data access).
 */
export const CODE_CATEGORY: ReadonlyArray<readonly [RegExp, FailureCategory]> = [
  // A container registry's own codes (Docker registry API, upper case): the image could not be pulled.
  [/^(?:UNAUTHORIZED|DENIED|MANIFEST_UNKNOWN|NAME_UNKNOWN|BLOB_UNKNOWN|TOOMANYREQUESTS)$/, 'image_build_failure'],
  [/Quota|Preempt|Allocation|Capacity|ComputeNotFound|ComputeTargetNotFound|ClusterNotFound|NodesUnusable|NodeFailure|SkuNotAvailable|NotEnoughCores|ResizeError|DiskFull/i, 'compute_quota_or_provisioning'],
  [/ImageBuild|EnvironmentBuild|ImagePull|AcrRefreshToken|DockerBuild|BuildFailed/i, 'image_build_failure'],
  // The data runtime's codes (ScriptExecution.StreamAccess.NotFound, ScriptExecution.DatabaseConnection, …).
  [/StreamAccess|WriteStreams|ReadStreams|DataAccess|Datastore|Dataset|Mount|Fuse|StorageAuth|^ScriptExecution\.|DatabaseConnection|DatabaseQuery/i, 'data_access'],
  // Azure Storage's own codes, whole: "ModelAssetPathNotFoundInStorage" is an empty model output, not a storage error.
  [/^(?:AuthorizationPermissionMismatch|AuthorizationSourceIPMismatch|AuthorizationFailure|BlobNotFound|ContainerNotFound|ShareNotFound|PathNotFound|FilesystemNotFound|KeyBasedAuthenticationNotPermitted)$/i, 'data_access'],
  [/MaxRunDuration|TimedOut|Timeout|Cancel(?:l)?ed/i, 'timeout_or_canceled'],
  [/SecretsInjection/i, 'auth_permission'],
  [/OutOfMemory|OOM/i, 'out_of_memory'],
  [/ModuleNotFound|PackageNotFound|ImportError/i, 'missing_module_or_env'],
  [/Authoriz|Authentic|Forbidden|Unauthorized|Credential|Identity|KeyVault|Token|SubscriptionNotFound/i, 'auth_permission'],
  [/^(?:ServiceError|InternalServerError|InternalError|SystemError|TransientError|RequestThrottled|TooManyRequests|ServiceUnavailable|BadGateway|GatewayTimeout)$/i, 'platform_or_service_error'],
];

export function categoryOfCode(code: string): FailureCategory | undefined {
  return CODE_CATEGORY.find(([re]) => re.test(code))?.[1];
}

/**
 * Where a code sits in a line: `"code": "X"` (JSON, also `'code': 'X'`), `Code: X` and `Error Code: X`, `<Code>X</Code>`,
 * `ErrorCode:X`, and a leading `(X)` after an SDK exception name or at the start of a message. The first group is
 * the code. Bounded quantifiers only: the line can be long.
 */
export const CODE_IN_LINE =
  /(?:["'](?:error_?|Error)?[Cc]ode["']\s*:\s*["']|\b(?:Error ?)?Code\s*[:=]\s*["']?|<Code>|(?:^|Error:|ERROR:|Exception:|Details:)\s*\(|job failed\.\s+(?=[A-Za-z]\w{2,80}:))([A-Za-z][\w.-]{2,80})/;

/** "HttpResponseError: (AuthorizationFailed) The client …": the headline starts at the code, not at the SDK's wrapper. */
const CODE_AND_WORDS = /(?:^\s*|(?:Error|ERROR|Exception|Details):\s*)(\([A-Za-z][\w.-]{2,80}\)\s*\S.*)$/;

/** "AzureMLCompute job failed. ImagePullError: …": the headline starts at the code. */
const CODE_AFTER_JOB_FAILED = /job failed\.\s+([A-Za-z]\w{2,80}:\s*\S.*)$/;

/**
 * A platform code (ServiceError, SystemError…) is Azure's own word that the service failed: it outranks an exception
 * line seen outside any traceback (a guess at user code), but not a traceback's exception or any specific cause,
 * since a service error is often the SDK's report of something else.
 */
const PLATFORM_CODE_WEIGHT = WEIGHTS.exceptionLine + 1;

export const CODE_RULES: Readonly<Partial<Record<FailureCategory, Rule>>> = Object.fromEntries(
  (['compute_quota_or_provisioning', 'image_build_failure', 'data_access', 'timeout_or_canceled', 'out_of_memory', 'missing_module_or_env', 'auth_permission', 'platform_or_service_error'] as const).map(
    (category) => [
      category,
      { id: 'error-code', category, weight: category === 'platform_or_service_error' ? PLATFORM_CODE_WEIGHT : WEIGHTS.code, pattern: CODE_IN_LINE, headlineFrom: [CODE_AND_WORDS, CODE_AFTER_JOB_FAILED] } satisfies Rule,
    ],
  ),
);

const CODE_IN_LINE_ALL = new RegExp(CODE_IN_LINE.source, 'g');
/** The Storage SDKs print `ErrorCode:X` with no space; Storage's REST errors are XML (`<Code>X</Code>`), ARM's are JSON. */
const STORAGE_ERROR_CODE = /^\s*(?:ErrorCode:\S|<Code>)/;
/** A one-line error JSON nests its codes left to right; more than this many in a line is not an error chain. */
const MAX_CODES_PER_LINE = 16;

/**
 * The rule for the codes in this line, if one names a category: the last such code, which in a one-line error JSON
 * (`{"Code":"UserError",…,"InnerError":{"Code":"OutOfQuota"}}`) is the innermost.
 */
export function codeRuleFor(line: string): Rule | undefined {
  if (!CODE_IN_LINE.test(line)) return undefined;
  let found: FailureCategory | undefined;
  CODE_IN_LINE_ALL.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let i = 0; i < MAX_CODES_PER_LINE && (m = CODE_IN_LINE_ALL.exec(line)) !== null; i++) {
    let category = m[1] ? categoryOfCode(m[1]) : undefined;
    // Azure Storage's own "ErrorCode:AuthenticationFailed" (a key or SAS the account refused) is data access.
    if (category === 'auth_permission' && STORAGE_ERROR_CODE.test(m[0])) category = 'data_access';
    found = category ?? found;
    if (m[0].length === 0) CODE_IN_LINE_ALL.lastIndex += 1;
  }
  return found ? CODE_RULES[found] : undefined;
}

/**
 * A line that carries an error's message next to its code (`"message": "…"`, `Message: …`); AutoML's redacted
 * messages ("[Hidden as it may contain PII]") say nothing and are not one.
 */
export const MESSAGE_LINE = /^\s*(?:\d{4}-\d\d-\d\d[T ][\d:.,]{1,20}Z?\s+)?(?:["']message["']\s*:\s*["']|(?:Error )?Message:\s*)(?=\S)(?!["']?\[Hidden as it may contain PII\])/i;
