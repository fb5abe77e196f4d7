import type { FailureCategory } from './categories';

/** One concrete thing to do next, in plain words, with the Microsoft Learn page that explains it. */
export interface NextStep {
  /** The specific cause this step is for ("OutOfQuota", "CUDA out of memory"), or the category's name. */
  cause: string;
  text: string;
  learnUrl: string;
}

const LEARN = 'https://learn.microsoft.com/azure/machine-learning/';
const L = {
  environments: `${LEARN}how-to-troubleshoot-environments`,
  data: `${LEARN}how-to-troubleshoot-data-access`,
  logs: `${LEARN}how-to-log-view-metrics`,
  quotas: `${LEARN}how-to-manage-quotas`,
  cluster: `${LEARN}how-to-create-attach-compute-cluster`,
  identity: `${LEARN}how-to-identity-based-service-authentication`,
  jobYaml: `${LEARN}reference-yaml-job-command`,
  parallel: `${LEARN}v1/how-to-debug-parallel-run-step`,
  pipelines: `${LEARN}v1/how-to-debug-pipelines`,
} as const;

type Finder = (text: string) => NextStep | undefined;

/** First capture of `re` in `text`, trimmed; values in a step come from the log, never made up. */
function grab(re: RegExp, text: string): string | undefined {
  return re.exec(text)?.[1]?.trim();
}

/** Specific causes, most specific first; each reads its numbers and names from the evidence. */
const SPECIFIC: readonly Finder[] = [
  (t) => {
    if (!/OutOfQuota|quota|ExceedsCoreQuota/i.test(t)) return undefined;
    const family = grab(/\b(Standard[ _]\w+(?: \w+)? Family)\b/i, t) ?? grab(/\b(\w+(?: \w+)?) family vCPU quota/i, t);
    const region = grab(/\bin (?:region )?['"]?([a-z]+[0-9]?(?:euap)?)['"]?(?:\W|$)/, t);
    const what = family ? `the ${family}${/family$/i.test(family) ? '' : ' family'}` : 'this VM family';
    return { cause: 'OutOfQuota', text: `Request more quota for ${what}${region ? ` in ${region}` : ''} (Usages + quotas in the Studio), or use a smaller or different VM size.`, learnUrl: L.quotas };
  },
  (t) => (/preempt|pre-empt|evicted/i.test(t) ? { cause: 'Preemption', text: 'Low-priority nodes were taken back: resubmit (on dedicated nodes if it keeps happening) and make sure the job resumes from its last checkpoint.', learnUrl: L.cluster } : undefined),
  (t) => (/AllocationFailed|Allocation failed|InsufficientCapacity|OverconstrainedAllocation|SkuNotAvailable|out of capacity|unusable node/i.test(t) ? { cause: 'Allocation failure', text: 'Azure could not supply nodes of this size here: retry later, or use another VM size or region for the cluster.', learnUrl: L.cluster } : undefined),
  (t) => {
    const pkg = grab(/(?:ResolvePackageNotFound|PackagesNotFoundError):[ \t]*([\w.-]+[=<>!][\w.*=<>!-]+)/, t) ?? grab(/^\s*-\s*([\w.-]+=[\w.*=-]+)\s*$/m, t);
    if (!/ResolvePackageNotFound|PackagesNotFoundError|UnsatisfiableError/.test(t)) return undefined;
    return { cause: 'ResolvePackageNotFound', text: `Conda cannot find ${pkg ? `\`${pkg}\`` : 'a pinned package'} on the environment's channels: fix the pin or add the channel that has it in the conda file, then rebuild the environment.`, learnUrl: L.environments };
  },
  (t) => {
    const dist = grab(/No matching distribution found for ([^\s]+)/, t);
    if (!dist && !/ResolutionImpossible|conflicting dependencies|Could not find a version that satisfies/.test(t)) return undefined;
    return { cause: 'pip resolution', text: dist ? `pip cannot install \`${dist}\`: check the name and version against the Python version of the image, and fix the pin in the environment.` : 'pip cannot satisfy the pinned versions together: relax or align the conflicting pins in the environment.', learnUrl: L.environments };
  },
  (t) => {
    if (!/CUDA out of memory|CUDA error: out of memory|OOM when allocating/i.test(t)) return undefined;
    const capacity = grab(/total capacity of ([\d.]+ [GM]iB)/, t) ?? grab(/([\d.]+ [GM]iB) total capacity/, t);
    return { cause: 'CUDA out of memory', text: `Reduce the batch size or use gradient accumulation${capacity ? `; this GPU has ${capacity}` : ''}. A VM size with more GPU memory also works.`, learnUrl: L.logs };
  },
  (t) => (/\b137\b|OOMKilled|^\s*Killed\s*$|returncode -9/m.test(t) ? { cause: 'exit 137 (killed)', text: 'The process was killed for using too much memory: use a VM size with more RAM, fewer processes per node, or load data in smaller pieces.', learnUrl: L.parallel } : undefined),
  (t) => (/AuthorizationPermissionMismatch|StreamAccess\.Authentication|Authentication failed when trying to access/i.test(t) ? { cause: 'AuthorizationPermissionMismatch', text: "Grant the identity the job runs as (the compute's managed identity, or yours) Storage Blob Data Reader on the storage account (Contributor to write outputs).", learnUrl: L.data } : undefined),
  (t) => {
    if (!/Key ?Vault|\bvault\b|SecretNotFound/i.test(t)) return undefined;
    const vault = grab(/(?:vault|Key Vault)\s+['"]?([\w-]{3,24})['"]?/i, t);
    return { cause: 'Key Vault access', text: `Give the compute's managed identity permission to read secrets${vault ? ` in Key Vault ${vault}` : ' in the workspace Key Vault'} (Key Vault Secrets User, or a Get/List access policy).`, learnUrl: L.identity };
  },
  (t) => (/max_run_duration|MaxRunDuration|limits\.timeout|maximum (?:run )?(?:duration|runtime)/i.test(t) ? { cause: 'max run duration', text: 'The job reached its time limit and was stopped: raise `limits.timeout` in the job YAML, or make it checkpoint and resume.', learnUrl: L.jobYaml } : undefined),
  (t) => (/size changed, may indicate binary incompatibility|compiled (?:against|using) (?:API version|NumPy)|Descriptors cannot (?:not )?be created directly|GLIBCXX_|no kernel image is available|compiled with different CUDA versions|mismatches the version that was used to compile|"algorithms" argument|'EXCLUDE' is not a valid value/i.test(t)
    ? { cause: 'package version clash', text: 'Two installed packages do not fit together: pin the versions that were built for each other in the environment (conda or pip file) and rebuild it.', learnUrl: L.environments }
    : undefined),
  (t) => (/\d+\/\d+ nodes are available|FailedScheduling|didn't have enough resource/i.test(t) ? { cause: 'pod not scheduled', text: "No node of the attached Kubernetes compute has the resources the instance type asks for: lower the instance type's requests or add nodes with more CPU, memory or GPU.", learnUrl: L.cluster } : undefined),
  (t) => {
    const mod = grab(/No module named ['"]?([\w.]+)/, t);
    return mod ? { cause: 'ModuleNotFoundError', text: `Add the package that provides \`${mod}\` to the job's environment (conda or pip dependencies), or use an environment version that has it.`, learnUrl: L.environments } : undefined;
  },
];

/** The step for each category when no specific cause is recognised (the documented first move). */
const BY_CATEGORY: Record<FailureCategory, Omit<NextStep, 'cause'>> = {
  user_code_error: { text: 'Fix the code at the last traceback of the primary process (user_logs/std_log.txt), then run the job again.', learnUrl: L.logs },
  missing_module_or_env: { text: "Check the environment version the job used and whether the package is in the conda environment, not only in the base image.", learnUrl: L.environments },
  image_build_failure: { text: 'Find the first failing conda, pip or apt line of the image build log and fix that dependency; then rebuild the environment.', learnUrl: L.environments },
  out_of_memory: { text: 'Use a VM size with more memory or run fewer processes per node; read the execution wrapper log to see which process was killed.', learnUrl: L.parallel },
  data_access: { text: "Check the input's path and datastore, and that the job's identity can read the storage account (and reach it through its network rules).", learnUrl: L.data },
  compute_quota_or_provisioning: { text: "Compare the job's node and vCPU needs with Usages + quotas; request quota or change the VM size or region.", learnUrl: L.quotas },
  auth_permission: { text: 'Find which identity the job used and give it the role it lacks on storage, Key Vault or the container registry.', learnUrl: L.identity },
  timeout_or_canceled: { text: "Compare the run's duration with limits.timeout and any sweep limits before treating it as a failure; raise the limit if the job needs longer.", learnUrl: L.jobYaml },
  platform_or_service_error: { text: 'Retry once; if it fails the same way, open a support case with the run id and the correlation id from the error.', learnUrl: L.pipelines },
  unknown: { text: 'Read the last lines of the job logs (Summary shows them) to find what stopped it.', learnUrl: L.logs },
};

/** Which categories each specific cause may explain (conda and pip fail at build time and at run time). */
const CAUSE_CATEGORIES: Record<string, readonly FailureCategory[]> = {
  OutOfQuota: ['compute_quota_or_provisioning'],
  Preemption: ['compute_quota_or_provisioning'],
  'Allocation failure': ['compute_quota_or_provisioning'],
  ResolvePackageNotFound: ['image_build_failure', 'missing_module_or_env'],
  'pip resolution': ['image_build_failure', 'missing_module_or_env'],
  'CUDA out of memory': ['out_of_memory'],
  'exit 137 (killed)': ['out_of_memory'],
  AuthorizationPermissionMismatch: ['data_access'],
  'Key Vault access': ['auth_permission'],
  'max run duration': ['timeout_or_canceled'],
  ModuleNotFoundError: ['missing_module_or_env'],
  'package version clash': ['missing_module_or_env', 'image_build_failure'],
  'pod not scheduled': ['compute_quota_or_provisioning'],
};

/**
 * The next step for a verdict: a specific cause recognised in the evidence wins, but only if it can explain the
 * verdict's category (a quota word inside a data error must not send the user to the quota page); otherwise the
 * category's documented first move.
 */
export function nextStepFor(category: FailureCategory, evidence: readonly string[], context: readonly string[] = []): NextStep {
  // The evidence first; the log's last lines only supply values the evidence lacks (the package under a conda error).
  const text = [...evidence, ...context].join('\n');
  for (const find of SPECIFIC) {
    const step = find(text);
    if (step && CAUSE_CATEGORIES[step.cause]?.includes(category)) return step;
  }
  return { cause: category, ...BY_CATEGORY[category] };
}
