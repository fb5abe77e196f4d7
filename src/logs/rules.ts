import { RULES_IN_ORDER } from './rules-table';

export { WEIGHTS, MOUNT_HINT, type Rule } from './rule-types';

/**
 * The rule table, most specific first (the first rule that matches a line owns it). The families live in
 * rules-resources.ts, rules-env.ts, rules-access.ts and rules-run.ts; structured error codes (error-codes.ts) are
 * looked at before this table.
 */
export const RULES = RULES_IN_ORDER;

/**
 * A cheap superset of every rule, tested before the rules so that ordinary
 * lines cost one regex. Every rule pattern must contain one of these words
 * (rules.test.ts checks this with example lines).
 */
export const FAILURE_HINT =
  /error|exception|fail|traceback|kill|exit|denied|quota|oom|memory|time(?:d|out| limit)|cancel|preempt|evict|unauthori|forbidden|not found|notfound|does not exist|no module|import|resolvepackage|distribution|satisf|conflict|halted|aadsts|vault|credential|token|identity|mount|permission|alloc|provision|capacity|sku|unable|non-zero|status code|exit code|50[0-4]|40[13]|duration|interrupt|signal|read-only|no such file|deadline|unavailable|exhausted|not available|not authorized|bad gateway|gateway time|manifest|conda|pip|solving|cluster|nodes? |sigterm|ran longer|denied|lib\w+\.so|streamaccess|datastore|azurecr|image|authoriz|az login|shared object|fatal/i;
