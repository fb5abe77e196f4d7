import { WEIGHTS, type Rule } from './rule-types';

/** Memory and compute rules: the resources a job ran out of or never got. */

export const FLUSH_TIMEOUT: Rule = {
  // Checked before OOM: a flush timeout can carry a ResourceExhausted inner code.
  id: 'flush-timeout',
  category: 'timeout_or_canceled',
  weight: WEIGHTS.timeout,
  pattern: /Failed to flush task queue|flush(?:ing)?\b.{0,80}\b(?:timed? ?out|within \d+(?:\.\d+)? seconds)/i,
};

/**
 * Kubernetes scheduling ("0/3 nodes are available: 3 Insufficient memory", FailedScheduling): the pod never got a
 * node, which is a compute problem even when the missing resource is memory. Checked before OOM.
 */
export const K8S_SCHEDULING: Rule = {
  id: 'k8s-scheduling',
  category: 'compute_quota_or_provisioning',
  weight: WEIGHTS.compute,
  pattern: /\b\d+\/\d+ nodes (?:are|is) available|FailedScheduling|didn't have enough resource|Insufficient (?:cpu|nvidia\.com\/gpu|amd\.com\/gpu|ephemeral-storage|pods)\b|Unschedulable/i,
};

export const OUT_OF_MEMORY: Rule = {
  // PyTorch (CUDA/HIP/CPU allocator), TensorFlow/XLA, NumPy/Arrow, the Linux OOM killer and kubelet, the JVM (Spark).
  id: 'out-of-memory',
  category: 'out_of_memory',
  weight: WEIGHTS.oom,
  pattern:
    /CUDA out of memory|CUDA error: out of memory|HIP out of memory|(?:due to|because of|caused by|killed by|terminated by|an?) OOM\b|\(OOM\)|\bOOM (?:error|killed|detected|occurred|event)\b|OutOfMemoryError|OOM when allocating|ResourceExhaustedError\W{0,3}OOM|ResourceExhausted.{0,80}\bMemory\b|InsufficientMemory|\bOOMKilled\b|\bOOM[- ]?kill|Out of memory: Kill|MemoryError\b|Unable to allocate [\d.]+ [KMGT]i?B|Cannot allocate memory|can't allocate memory|failed to allocate (?:[\d.]+ ?[KMGT]?i?B\b|memory)|std::bad_alloc|CUBLAS_STATUS_ALLOC_FAILED|CUDNN_STATUS_ALLOC_FAILED|cudaErrorMemoryAllocation|DataLoader worker \(pids?\(s\)? [\d, ]+\) (?:exited unexpectedly|is killed by signal)|shared memory \(shm\)|(?:exit(?:ed)? ?(?:with )?(?:code|status)|returncode|return code)[: ]*-9\b|Signal 9 \(SIGKILL\) received|\bKilled process \d+|oom-kill(?:er)?|memory (?:usage )?(?:limit )?exceeded|exceeding memory limits|insufficient memory|RESOURCE_EXHAUSTED.{0,40}memory|exit(?:ed)? (?:with )?(?:status |code:? ?)137\b|status code:? 137\b|^\s*Killed\s*$|: line \d+:\s+\d+ Killed\s|signal: killed|\bout[- ]of[- ](?:GPU |host |device )?memory\b|killed by signal:? ?(?:9\b|SIGKILL)|(?:exited|terminated|killed) (?:with|by) (?:signal )?SIGKILL|memory limit (?:was )?exceeded|exceeded (?:its |the )?memory limit|low on resource: memory|GC overhead limit exceeded|Java heap space/i,
  // The headline starts at the memory phrase, past wrappers like "ValueError: At least one component … failed:".
  headlineFrom: [
    /CUDA out of memory.*$/, /CUDA error: out of memory.*$/, /ResourceExhaustedError.*$/, /OOM when allocating.*$/, /\w*MemoryError.*$/,
    /(?:DefaultCPUAllocator|DataLoader worker|Unable to allocate|Cannot allocate memory|can't allocate memory|OOMKilled|Killed process|UserProcessKilledBySystemSignal).*$/i,
  ],
};

export const COMPUTE_QUOTA_PROVISIONING: Rule = {
  id: 'compute-quota-provisioning',
  category: 'compute_quota_or_provisioning',
  weight: WEIGHTS.compute,
  pattern:
    /QuotaExceeded|OutOfQuota|\bquota (?:exceeded|limit|is not enough|has been reached|of \d|reached)|\bQuota reached|vCPU quota|core quota|(?:cluster|regional|family|subscription|workspace|dedicated|low[- ]priority|GPU|CPU) \w* ?quota|quota (?:for|usage)\b.{0,80}(?:exceed|limit|\d+\s*\/\s*\d+)|ExceedsCoreQuota|ExceedCoreQuota|Unknown compute target|Invalid instance type|exceeded the node size|unusable node|NodesUnusable|No space left on device|disk (?:is |was )?full|out of disk space|Insufficient (?:\w+ )?quota|(?:exceed|over)\w* (?:the |your )?(?:[\w-]+ ){0,3}quota|ComputeTargetNotFound|ComputeNotFound|ClusterNotFound|compute\b.{0,80}\bis not in (?:a )?succeeded state|(?:does not|doesn't) have enough (?:nodes|cores|capacity|GPUs?|vCPUs?)\b|exceeds? (?:the )?max(?:imum)? node count|InsufficientResources|OutOfCapacity|insufficient (?:\w+ )?capacity|compute target\b.{0,40}\bnot available|Standard_\w{1,40}\b.{0,60}\b(?:retired|deprecated)\b|ResizeError|Resize error|NotAvailableForSubscription|(?:Standard_\w{1,40}|VM size)\b.{0,60}\bnot (?:available|supported)\b|not enough quota|AzureMLCompute cluster .{0,80}(?:does not exist|not found)|compute (?:target |cluster |instance )?['"]?[\w-]+['"]? (?:does not exist|(?:is |was )?not found)|cluster\b.{0,120}\bwas not found|ProvisioningFailed|failed to provision|node allocation (?:failed|error|timed out)|NodeAllocationFailed|AllocationFailed|Allocation failed|OverconstrainedAllocationRequest|ZonalAllocationFailed|SkuNotAvailable|InsufficientCapacity|pre-?empted|PreemptionError|(?:due to|because of|caused by) pre-?emption\b|Reason:? ['"]?Evicted\b|pre-?emption (?:notice|warning|signal|detected|occurred|of)\b|(?:node|job|vm|spot|low[- ]priority) pre-?emption\b|(?:low[- ]priority|spot) (?:node|vm|instance|virtual machine)s?\b.{0,60}(?:evict|preempt|reclaim|lost|removed)|\b(?:node|pod|vm|instance|job)s?\b.{0,40}\b(?:was |were |been )?evicted\b|no (?:idle |available )?nodes? (?:are |is )?available|not enough (?:free |available )?(?:nodes|cores|capacity|GPUs?)\b|only has \d+ (?:maximum )?nodes|requested VM size .{0,60}not available|cluster is (?:in )?(?:a )?(?:failed|deleting|resizing) state|(?:compute|cluster|compute target)\b.{0,60}\bin (?:a |the )?(?:deleting|failed|resizing|unusable) state|(?:timed? ?out|failed|unable)\b.{0,40}\bwaiting for (?:nodes|node allocation)\b|failed to (?:start|create) (?:the )?compute\b|compute (?:instance|cluster|target)\b.{0,80}\b(?:is not (?:in )?(?:a )?running(?: state)?|is stopped|failed to start|is unavailable)|\bnode\b.{0,40}\b(?:is unhealthy|became unhealthy|is unusable|was lost)|NodeFailure|NodeUnhealthy/i,
};
