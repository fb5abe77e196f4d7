/**
 * The failure vocabulary shared by the classifier, the cards and the CLI's JSON.
 * It is the exact list of the log fixtures README, so the names are a contract.
 */
export const FAILURE_CATEGORIES = [
  'user_code_error',
  'missing_module_or_env',
  'image_build_failure',
  'out_of_memory',
  'data_access',
  'compute_quota_or_provisioning',
  'auth_permission',
  'timeout_or_canceled',
  'platform_or_service_error',
  'unknown',
] as const;

export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/** Short human labels for cards and the CLI's text output. */
export const CATEGORY_LABELS: Readonly<Record<FailureCategory, string>> = {
  user_code_error: 'User code error',
  missing_module_or_env: 'Missing module or environment problem',
  image_build_failure: 'Image build failure',
  out_of_memory: 'Out of memory',
  data_access: 'Data access failure',
  compute_quota_or_provisioning: 'Compute quota or provisioning',
  auth_permission: 'Authentication or permission failure',
  timeout_or_canceled: 'Timed out or canceled',
  platform_or_service_error: 'Platform or service error',
  unknown: 'Unknown',
};

export function isFailureCategory(value: string): value is FailureCategory {
  return (FAILURE_CATEGORIES as readonly string[]).includes(value);
}
