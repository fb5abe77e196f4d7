import type { FailureCategory } from './categories';

/**
 * One classification rule. The table order decides which rule owns a line
 * (first match wins, so specific rules sit above generic ones); the weight
 * decides which line wins across the log (root causes outrank wrappers).
 */
export interface Rule {
  id: string;
  /** null marks a failure signal that names no category ("Job failed", "Error: null"). */
  category: FailureCategory | null;
  weight: number;
  pattern: RegExp;
  /** The line must also match this (e.g. a mount path next to "Permission denied"). */
  requires?: RegExp;
  /** Category to use when the log is an image build (conda/pip errors during docker build). */
  inBuild?: FailureCategory;
  /** Wrapper lines ("User process … exited with status code 1") support a cause but are not one. */
  wrapper?: boolean;
  /** The line must not match this (a warning that mentions an error is not one). */
  unless?: RegExp;
  /** A soft marker only counts as a failure when the job is known to have failed, or nothing else is known. */
  soft?: boolean;
  /** Applies only when the log is an image build (a shell or package-manager error in a Dockerfile step). */
  onlyInBuild?: boolean;
  /** Lines that look like failures but are known noise. */
  noise?: boolean;
  /** Where the headline starts: the first capture group if present, else the whole match. */
  headlineFrom?: readonly RegExp[];
}

export const WEIGHTS = {
  /** A specific structured error code (`"code": "OutOfQuota"`, `(AuthorizationFailed)`): Azure's own verdict. */
  code: 97,
  oom: 95,
  compute: 92,
  image: 90,
  timeout: 88,
  data: 86,
  auth: 84,
  env: 80,
  interrupt: 60,
  /** Added to a cause found in an "InnerException" line: the innermost error outranks the wrapper around it. */
  innermostBonus: 8,
  /** A service error that ends a traceback (the SDK raised it): the run's last word, above the user's exceptions. */
  serviceRaised: 52,
  exception: 50,
  finalization: 45,
  platform: 40,
  buildStep: 60,
  buildWrapper: 35,
  provisioningHeading: 38,
  exceptionLine: 46,
  wrapper: 30,
  marker: 10,
  softMarker: 5,
} as const;

/** Paths and words that put a file error on a datastore mount rather than in user code. */
export const MOUNT_HINT =
  /\/mnt\/(?:azureml|batch)(?!\/cr\/j\/\w+\/exe\/)|data-capability|\bINPUT_|\bOUTPUT_|workspace(?:blob|file|artifact)store|azureml:\/\/|wasbs?:\/\/|abfss?:\/\/|adl:\/\/|\.blob\.core|\.dfs\.core|datastore|dataset|blobfuse|mount/i;
