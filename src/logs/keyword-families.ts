import type { FailureCategory } from './categories';

/**
 * The last resort for a line that says something failed without naming a known cause: the words in it
 * point to a category (a "quota" line is about compute, a "token" line about identity). Ordered from the
 * most to the least specific family; a verdict reached this way is always marked "likely".
 */
const FAMILIES: ReadonlyArray<readonly [FailureCategory, RegExp]> = [
  ['out_of_memory', /\bmemory\b|\boom\b|\bkilled\b|\bshm\b/i],
  ['timeout_or_canceled', /time[d ]?out|timeout|\bcancel(?!lationToken)|deadline|duration/i],
  ['compute_quota_or_provisioning', /quota|\bnodes?\b|\bcluster\b|compute target|capacity|vm size|instance type|preempt|\bsku\b|allocat/i],
  // "build" alone is any build ("can't build command text"): only an image's or an environment's counts.
  ['image_build_failure', /\bimage\b|docker|dockerfile|\bbuild(?:ing)? (?:the |an? )?(?:image|environment|container)|\b(?:image|environment) build|\bacr\b|registry|\bconda\b|\bwheel\b/i],
  ['missing_module_or_env', /\bmodule\b|\bimport|\bpackages?\b|\bpip\b|dependenc|\bversion\b|not installed/i],
  ['data_access', /datastore|dataset|\bblob\b|storage|\bmount|file share|input path|mltable|adls|database|\bsql\b/i],
  ['auth_permission', /\bauth|token|credential|identity|permission|forbidden|unauthori|access denied|key ?vault|\bmsi\b|\brbac\b|\brole\b/i],
  ['platform_or_service_error', /\bservice\b|internal|\bserver\b|\b5\d\d\b|retries|throttl|unavailable|transient|object reference/i],
];

/** The category a failure line's words suggest, or the user's code when they suggest none. */
export function familyOf(line: string): FailureCategory {
  for (const [category, words] of FAMILIES) if (words.test(line)) return category;
  return 'user_code_error';
}
