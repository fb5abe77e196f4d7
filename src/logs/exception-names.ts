import type { FailureCategory } from './categories';
import { familyOf } from './keyword-families';
import { stripLogPrefix } from './headline';
import type { Rule } from './rule-types';

/** `azureml.exceptions.ComputeTargetException: …` → `ComputeTargetException`. */
const CLASS_NAME = /^(?:[A-Za-z_]\w*\.)*([A-Z]\w*)(?=:|$)/;

/**
 * Families a class name may move an exception to. Not timeouts (a user's own `TimeoutException` is raised by the
 * user's waits; Azure ML's limits are said by codes and markers) nor memory (the OOM rule knows its class names).
 */
const NAMED: ReadonlySet<FailureCategory> = new Set(['compute_quota_or_provisioning', 'image_build_failure', 'missing_module_or_env', 'data_access', 'auth_permission', 'platform_or_service_error']);

/** Python's own OS errors: a file's mode, not an identity (a datastore mount's has its own rule). */
const BUILTIN_OS = /^(?:PermissionError|ConnectionError|ConnectionRefusedError|ConnectionResetError)$/;

const variants = new Map<string, Rule>();

/**
 * An exception the rules do not know is the user's code, unless its class is named after what failed: the Azure ML
 * SDK's and Azure SDKs' exceptions say it in their names (`ComputeTargetException`, `DatasetValidationError`,
 * `ClientAuthenticationError`, `ServiceResponseError`). The name's words are read like a failure line's
 * (keyword-families.ts); the message is not, since a user's `KeyError: 'image'` names data, not a failure.
 */
export function namedException(generic: Rule, line: string): Rule {
  const name = CLASS_NAME.exec(stripLogPrefix(line).trim())?.[1];
  if (!name || BUILTIN_OS.test(name)) return generic;
  const words = name.replace(/([a-z\d])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  const category: FailureCategory = familyOf(words);
  if (!NAMED.has(category) || category === generic.category) return generic;
  const key = `${generic.id}/${category}`;
  let rule = variants.get(key);
  if (!rule) {
    rule = { ...generic, category };
    variants.set(key, rule);
  }
  return rule;
}
