/**
 * The embedded Azure ML emulator: ARM jobs/workspace/model APIs, the run-history data plane and log blobs on one
 * loopback HTTP server, driven by a seeded scenario and a controllable clock. Production code never imports this;
 * only the composition root (and tests/benchmarks) may start it.
 */
import { AddressInfo } from 'node:net';
import { armRoutes } from './arm-routes';
import { computeRoutes } from './compute-routes';
import { jobCreateRoutes } from './job-create-routes';
import { blobRoutes } from './blob-routes';
import { ClockMode, createClock, EmulatorClock } from './clock';
import { controlRoutes } from './control-routes';
import { addCustomJob, AddJobInput } from './custom-job';
import { dataplaneRoutes } from './dataplane-routes';
import { EventGridPushConfig, EventPusher } from './event-push';
import { CancelMode, EmulatorSettings, EmulatorState } from './emulator-state';
import { FaultConfig, Faults, FaultStep } from './faults';
import { JobStore } from './job-store';
import { Denial, RbacConfig } from './rbac';
import { statusAt } from './job-model';
import { Router } from './router';
import { seedScenario } from './scenario';
import { mlflowRoutes } from './mlflow-routes';
import { seedModels } from './model-seed';
import { createEmulatorServer } from './server';
import { Stats, StatsSnapshot } from './stats';

export * from './scenario-constants';
export type { AddJobInput } from './custom-job';
export type { FaultConfig, FaultStep } from './faults';
export type { StatsSnapshot } from './stats';
export type { CancelMode } from './emulator-state';
export type { EventGridPushConfig } from './event-push';
export type { Denial, RbacConfig } from './rbac';

export interface EmulatorOptions {
  host?: string;
  port?: number;
  seed?: number;
  clock?: ClockMode;
  speed?: number;
  startTime?: Date;
  cancelMode?: CancelMode;
  pageSize?: number;
  /** Emulator-clock delay between CancelRequested and Canceled (default 5 s). */
  cancelDelayMs?: number;
  /** Retry-After on 202 cancel responses (default 1 s; 0 allowed). */
  lroRetryAfterSeconds?: number;
  lroPollsUntilDone?: number;
  logger?: (line: string) => void;
  /** Push Event Grid deliveries for status changes (see event-push.ts for when checks happen). */
  eventGrid?: EventGridPushConfig;
  /** Enforce Azure RBAC with this role (rbac.ts): calls the role does not allow get 403. Off by default. */
  rbac?: RbacConfig;
}

export interface AddedJob {
  name: string;
  workspace: string;
  jobType: string;
  status: string;
}

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:5080 — use it as the ARM endpoint and it is also the data-plane host. */
  readonly url: string;
  readonly clock: EmulatorClock;
  readonly settings: EmulatorSettings;
  readonly faults: {
    set(config: FaultConfig): void;
    queue(...steps: FaultStep[]): void;
    clear(): void;
  };
  readonly stats: { snapshot(): StatsSnapshot; reset(): void };
  /** RBAC enforcement: set a role (undefined turns it off) and read the requests it refused, oldest first. */
  readonly rbac: { set(config: RbacConfig | undefined): void; denials(): Denial[] };
  addJob(input: AddJobInput): AddedJob;
  setCancelMode(mode: CancelMode): void;
  /** Points the Event Grid push at a webhook (undefined turns it off); current statuses become the baseline. */
  configureEventGrid(config: EventGridPushConfig | undefined): void;
  /**
   * Checks for status changes now and delivers them; resolves with the number of events acknowledged.
   * With a manual clock this is the only trigger: call it after clock.advance.
   */
  pushEvents(): Promise<number>;
  /** Reloads the seeded scenario around the current emulator time and clears faults, stats and models. */
  reset(): void;
  stop(): Promise<void>;
}

/** A fixed default start for the manual clock, so snapshots of a manual-clock scenario never change. */
export const MANUAL_CLOCK_DEFAULT_START = new Date('2025-06-02T09:00:00.000Z');

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The Azure ML emulator only binds loopback addresses, not ${host}`);
  const seed = opts.seed ?? 42;
  const mode = opts.clock ?? 'real';
  const clock = createClock({ mode, speed: opts.speed, startTime: opts.startTime ?? (mode === 'manual' ? MANUAL_CLOCK_DEFAULT_START : undefined) });
  const state: EmulatorState = {
    baseUrl: '',
    seed,
    clock,
    store: new JobStore(),
    models: new Map(),
    operations: new Map(),
    faults: new Faults(seed),
    stats: new Stats(),
    settings: {
      cancelMode: opts.cancelMode ?? 'sync',
      pageSize: opts.pageSize ?? 10,
      cancelDelayMs: opts.cancelDelayMs ?? 5000,
      lroRetryAfterSeconds: opts.lroRetryAfterSeconds ?? 1,
      lroPollsUntilDone: opts.lroPollsUntilDone ?? 2,
    },
    log: opts.logger ?? (() => undefined),
    rbac: opts.rbac ? { config: opts.rbac, denials: [] } : undefined,
  };
  seedScenario(state.store, seed, clock.now());
  seedModels(state);

  const addJob = (input: AddJobInput): AddedJob => {
    const job = addCustomJob(state.store, input, clock.now());
    return { name: job.name, workspace: job.workspace, jobType: job.jobType, status: statusAt(job, clock.now()) };
  };
  const reset = (): void => {
    state.store.clear();
    state.models.clear();
    state.operations.clear();
    state.faults.clear();
    state.stats.reset();
    seedScenario(state.store, seed, clock.now());
    seedModels(state);
    pusher.rebaseline();
  };
  const pusher = new EventPusher(state);
  if (opts.eventGrid) pusher.configure(opts.eventGrid);
  const eventGrid = {
    configure: (c: EventGridPushConfig | undefined) => pusher.configure(c),
    push: () => pusher.push(),
    schema: () => pusher.schema,
  };

  const router = new Router();
  router.add(...controlRoutes(state, { addJob, reset, eventGrid }), ...armRoutes(state), ...computeRoutes(state), ...jobCreateRoutes(state), ...dataplaneRoutes(state), ...mlflowRoutes(state), ...blobRoutes(state));
  const server = createEmulatorServer(state, router);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  state.baseUrl = `http://${urlHost}:${address.port}`;
  state.log(`Azure ML emulator listening on ${state.baseUrl} (clock ${mode}, seed ${seed})`);

  return {
    url: state.baseUrl,
    clock,
    settings: state.settings,
    faults: {
      set: (config) => state.faults.set(config),
      queue: (...steps) => state.faults.queueFaults(...steps),
      clear: () => state.faults.clear(),
    },
    stats: { snapshot: () => state.stats.snapshot(), reset: () => state.stats.reset() },
    rbac: {
      set: (config) => {
        state.rbac = config ? { config, denials: [] } : undefined;
      },
      denials: () => [...(state.rbac?.denials ?? [])],
    },
    addJob,
    setCancelMode: (m) => {
      state.settings.cancelMode = m;
    },
    configureEventGrid: eventGrid.configure,
    pushEvents: eventGrid.push,
    reset,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        void pusher.stop();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
