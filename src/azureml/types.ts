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
