/** Everything the route handlers share. Built once per emulator; `reset()` refills it from the seed. */
import { StoredModelVersion } from './arm-shapes';
import { EmulatorClock } from './clock';
import { Faults } from './faults';
import { JobStore } from './job-store';
import { Rbac } from './rbac';
import { Stats } from './stats';

export type CancelMode = 'sync' | 'lro';

export interface EmulatorSettings {
  cancelMode: CancelMode;
  pageSize: number;
  /** Emulator-clock delay between CancelRequested and Canceled. */
  cancelDelayMs: number;
  /** Retry-After sent with a 202 cancel and each 202 poll; 0 lets tests poll without waiting. */
  lroRetryAfterSeconds: number;
  /** A cancel operation reports done after this many polls even if the clock has not moved (manual clocks). */
  lroPollsUntilDone: number;
}

export interface CancelOperation {
  id: string;
  workspace: string;
  jobName: string;
  polls: number;
}

export interface EmulatorState {
  baseUrl: string;
  seed: number;
  clock: EmulatorClock;
  store: JobStore;
  models: Map<string, StoredModelVersion>;
  operations: Map<string, CancelOperation>;
  faults: Faults;
  stats: Stats;
  settings: EmulatorSettings;
  log: (line: string) => void;
  /** Opt-in RBAC enforcement (rbac.ts); undefined = every authenticated call is allowed. */
  rbac?: Rbac;
}
