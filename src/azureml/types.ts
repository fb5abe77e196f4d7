/** Domain types: REST shapes never leave src/azureml; everything else sees these. */

export const KNOWN_STATUSES = [
  'NotStarted', 'Starting', 'Provisioning', 'Preparing', 'Queued', 'Running', 'Finalizing',
  'CancelRequested', 'Completed', 'Failed', 'Canceled', 'NotResponding', 'Paused', 'Unknown',
] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];

export interface JobRef {
  /** The workspace alias from the JobOps config, e.g. "dev". */
  workspace: string;
  name: string;
}

export interface NamedUri {
  name: string;
  uri?: string;
  type?: string;
}

export interface Job {
  name: string;
  displayName?: string;
  /** Command, Sweep, Pipeline, AutoML, Spark, … or whatever Azure sends; rendered generically. */
  type: string;
  /** Normalised to the spec's casing when known; unknown values pass through. */
  status: string;
  experiment: string;
  description?: string;
  compute?: string;
  submitter?: string;
  submitterType?: string;
  createdAt?: Date;
  startedAt?: Date;
  endedAt?: Date;
  tags: Record<string, string>;
  /** Only when it is a real https://ml.azure.com link (fixtures carry non-URL strings). */
  studioUrl?: string;
  inputs: NamedUri[];
  outputs: NamedUri[];
  archived: boolean;
  /** AutoML puts its error on ARM as a JSON string; other jobs only on the data plane. */
  armError?: string;
  /** Nodes the job asked for (`resources.instanceCount`, default 1); sweeps and pipelines run children instead. */
  instanceCount?: number;
  /** The VM size a serverless job asked for (`resources.instanceType`); clusters carry their own. */
  instanceType?: string;
  /** Whether `compute` is a cluster's ARM id; false for serverless jobs (no compute at all). */
  serverless?: boolean;
}

export interface RunError {
  code?: string;
  message: string;
  /** Codes of the innerError chain, general to specific. */
  innerCodes?: string[];
}

/** A run from the run-history data plane (reliable timings, errors, children). */
export interface Run {
  runId: string;
  parentRunId?: string;
  displayName?: string;
  status: string;
  runType?: string;
  createdAt?: Date;
  startedAt?: Date;
  endedAt?: Date;
  error?: RunError;
}

export interface RunDetails {
  status: string;
  error?: RunError;
  /** log path → download URL (a SAS URL; never shown to users). */
  logFiles: Record<string, string>;
}

export interface JobFilters {
  statuses?: string[];
  type?: string;
  experiment?: string;
  tag?: { key: string; value?: string };
  /** Submitter match: the user's display name or AAD object id. */
  mine?: { name?: string; aadObjectId?: string };
  since?: Date;
}

/** An Azure ML compute cluster as the queue explanation needs it (computeOperations.get). */
export interface ComputeInfo {
  name: string;
  location?: string;
  /** AmlCompute, ComputeInstance, Kubernetes, … */
  computeType: string;
  vmSize?: string;
  vmPriority?: string;
  minNodes?: number;
  maxNodes?: number;
  currentNodes?: number;
  targetNodes?: number;
  allocationState?: string;
  /** Allocation errors (code: message), e.g. a quota refusal while resizing. */
  errors: string[];
  nodes: { idle: number; running: number; preparing: number; unusable: number; leaving: number; preempted: number };
}

/** One row of usages.list: the region's vCPU quota, a VM family's, or a workspace's / cluster's. */
export interface QuotaUsage {
  level: 'regional' | 'lowPriority' | 'family' | 'workspace' | 'cluster' | 'other';
  /** The family or resource the row is about (e.g. standardNCADSA100v4Family). */
  name: string;
  label: string;
  current: number;
  /** -1: no separate limit. */
  limit: number;
}

/** A VM size of the region (virtualMachineSizes.list), with its list price per node-hour when Azure gives one. */
export interface VmSizeInfo {
  name: string;
  family?: string;
  vCpus: number;
  gpus: number;
  /** Linux list prices per hour by tier (Standard, LowPriority, Spot), in `currency`. */
  prices?: { currency: string; standard?: number; lowPriority?: number };
}
