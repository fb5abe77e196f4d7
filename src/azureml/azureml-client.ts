import { AzureMachineLearningWorkspaces, getContinuationToken } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/identity';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { armOperation } from '../shared/telemetry';
import { WorkspaceConfig } from '../config';
import { AzureIds, AzureTrouble, TroubleTracker, idsFromHeaders } from './azure-signals';
import { ArmJobLike, mapJob } from './job-mapper';
import { useLoopbackAuth } from './loopback-policy';
import { DataPlaneClient } from './dataplane-client';
import { CancelResult, cancelJobOnce } from './job-cancel';
import { readCompute, readUsages, readVmSizes } from './compute-reads';
import { RerunResult, submitRerun } from './job-rerun';
import { ComputeInfo, Job, QuotaUsage, Run, RunDetails, VmSizeInfo } from './types';
import { mapJobSpec } from './job-spec';
import { MlflowClient } from './mlflow-client';
import { JobSpec, MetricValue, ModelVersionRef, RunMetrics } from './mlflow-types';

export type { CancelResult } from './job-cancel';
export type { RerunResult } from './job-rerun';

/** Reports each ARM request's operation and status (after the retry policy: every attempt counts). */
function callPolicy(onCall: (operation: string, status: number) => void): PipelinePolicy {
  return {
    name: 'jobopsCallTelemetry',
    sendRequest: async (request, next) => {
      const operation = armOperation(request.method, request.url);
      try {
        const response = await next(request);
        onCall(operation, response.status);
        return response;
      } catch (err) {
        onCall(operation, (err as { statusCode?: number }).statusCode ?? 0);
        throw err;
      }
    },
  };
}

/**
 * Ask the SDK for less on the hot reads (issue 13): a 2xx job or job-list answer is handed over as ARM's JSON, which
 * mapJob reads as is (ArmJobLike is the wire shape), instead of walking the SDK's polymorphic mapper tree for every
 * job of a page (the deserializer was a fifth of the bot's CPU per `list`). Error answers are still deserialized, so
 * a 403/404/429 is the same RestError as before.
 */
const WIRE_JSON_ON_SUCCESS = { shouldDeserialize: (r: { status: number }): boolean => r.status < 200 || r.status >= 300 };

export interface AzureMlClientOptions {
  endpoint: string;
  credential: TokenCredential;
  /** True for an http:// loopback emulator: no real credential ever leaves the process. */
  local: boolean;
  /** Upper bound for one call including the SDK's retries, so chat replies stay within Teams' limits. */
  timeoutMs?: number;
  /** Newer than the SDK's 2022-10-01 default so timings and types match current Azure. */
  apiVersion?: string;
  /** Every ARM request (each retry too) and its status, 0 when none came: telemetry's calls and 429s per operation. */
  onCall?: (operation: string, status: number) => void;
}

export interface JobPage {
  jobs: Job[];
  /** ARM's nextLink; opaque to the rest of the bot and never put on a card. */
  next?: string;
}

export interface ListQuery {
  jobType?: string;
  tag?: string;
}

/** A registered model version and Azure's ids for the PUT that created it (R2.5). */
export interface RegisteredModel {
  version: string;
  ids: AzureIds;
  /** Registered earlier for the same `onceKey` tag (no PUT now, so no ids). */
  existing?: boolean;
}

/**
 * The only code that talks to Azure ML. Retries and throttling (429 + Retry-After, 5xx) are the
 * SDK pipeline's; we only bound the total time per call.
 */
export class AzureMlClient {
  private readonly clients = new Map<string, AzureMachineLearningWorkspaces>();
  private readonly noRetry = new Map<string, AzureMachineLearningWorkspaces>();
  private readonly trouble = new TroubleTracker();
  readonly dataPlane: DataPlaneClient;
  readonly mlflow: MlflowClient;

  constructor(private readonly opts: AzureMlClientOptions) {
    this.dataPlane = new DataPlaneClient({ credential: opts.credential, local: opts.local, timeoutMs: opts.timeoutMs, arm: this });
    this.mlflow = new MlflowClient({ credential: opts.credential, local: opts.local, timeoutMs: opts.timeoutMs, arm: this });
  }

  private client(ws: WorkspaceConfig): AzureMachineLearningWorkspaces {
    return this.cachedClient(this.clients, ws, { maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 8_000 });
  }

  /**
   * The same client without the SDK's retries, for the cancel POST only: a blind retry after a
   * timeout or 5xx can cancel twice when the first attempt did reach Azure (T14). cancelJob retries itself.
   */
  private noRetryClient(ws: WorkspaceConfig): AzureMachineLearningWorkspaces {
    return this.cachedClient(this.noRetry, ws, { maxRetries: 0 });
  }

  /** One SDK client per subscription and retry setting, with the same policies (loopback auth, trouble, telemetry). */
  private cachedClient(cache: Map<string, AzureMachineLearningWorkspaces>, ws: WorkspaceConfig, retryOptions: { maxRetries: number; retryDelayInMs?: number; maxRetryDelayInMs?: number }): AzureMachineLearningWorkspaces {
    let c = cache.get(ws.subscriptionId);
    if (!c) {
      c = new AzureMachineLearningWorkspaces(this.opts.credential, ws.subscriptionId, { endpoint: this.opts.endpoint, apiVersion: this.apiVersion(), retryOptions });
      if (this.opts.local) useLoopbackAuth(c.pipeline);
      c.pipeline.addPolicy(this.trouble.policy(), { afterPhase: 'Retry' });
      if (this.opts.onCall) c.pipeline.addPolicy(callPolicy(this.opts.onCall), { afterPhase: 'Retry' });
      cache.set(ws.subscriptionId, c);
    }
    return c;
  }

  private apiVersion(): string {
    return this.opts.apiVersion ?? '2024-04-01';
  }

  /** Why Azure ML was slow lately (throttling, 5xx, no answer), for an honest "still trying" card. */
  recentTrouble(): AzureTrouble | undefined {
    return this.trouble.recent();
  }

  private signal(): AbortSignal {
    return AbortSignal.timeout(this.opts.timeoutMs ?? 12_000);
  }

  /** One ARM call: one page of jobs (newest first as Azure returns them). */
  async listJobsPage(ws: WorkspaceConfig, query: ListQuery, next?: string): Promise<JobPage> {
    const pages = this.client(ws)
      .jobs.list(ws.resourceGroup, ws.workspace, { jobType: query.jobType, tag: query.tag, abortSignal: this.signal(), requestOptions: WIRE_JSON_ON_SUCCESS })
      .byPage(next ? { continuationToken: next } : undefined);
    const r = await pages.next();
    if (r.done || !r.value) return { jobs: [] };
    const page = r.value as ArmJobLike[];
    return { jobs: page.map(mapJob), next: getContinuationToken(page) };
  }

  async getJob(ws: WorkspaceConfig, name: string): Promise<Job> {
    const raw = await this.client(ws).jobs.get(ws.resourceGroup, ws.workspace, name, { abortSignal: this.signal(), requestOptions: WIRE_JSON_ON_SUCCESS });
    return mapJob(raw as ArmJobLike);
  }

  /** The job and what it ran with (environment, command, nodes, sweep objective), from one ARM GET. */
  async getJobWithSpec(ws: WorkspaceConfig, name: string): Promise<{ job: Job; spec: JobSpec }> {
    const raw = await this.client(ws).jobs.get(ws.resourceGroup, ws.workspace, name, { abortSignal: this.signal() });
    const job = mapJob(raw as ArmJobLike);
    return { job, spec: mapJobSpec(raw, job.inputs) };
  }

  /**
   * Versions of a registered model, newest first, with the job each came from. One page (the newest 20) is enough to
   * find the current version; a model with no version yet is an empty list, not an error.
   */
  async listModelVersions(ws: WorkspaceConfig, name: string): Promise<ModelVersionRef[]> {
    const out: ModelVersionRef[] = [];
    try {
      const pages = this.client(ws).modelVersions.list(ws.resourceGroup, ws.workspace, name, { orderBy: 'createdtime desc', top: 20, abortSignal: this.signal() }).byPage();
      const page = await pages.next();
      for (const v of page.done ? [] : page.value) {
        if (!v.name) continue;
        const fromUri = /^azureml:\/\/jobs\/([^/]+)\//.exec(v.properties.modelUri ?? '')?.[1];
        out.push({ version: v.name, jobName: v.properties.jobName ?? fromUri, createdAt: v.systemData?.createdAt });
      }
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    // Azure honours $orderBy; numeric order is the tie-breaker for servers (and versions) that do not.
    return out.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || Number(b.version) - Number(a.version));
  }

  /**
   * Cancels a job: one POST (retried only when surely not processed, or when a re-read shows the job still
   * cancellable), then the job re-read for up to `waitMs` until it shows the cancel. See job-cancel.ts for why the
   * operation's status URL is never polled. Throws only when Azure did not accept the cancel.
   */
  cancelJob(ws: WorkspaceConfig, name: string, waitMs = 4_000): Promise<CancelResult> {
    return cancelJobOnce({
      client: this.noRetryClient(ws), subscriptionId: ws.subscriptionId, resourceGroup: ws.resourceGroup, workspace: ws.workspace,
      apiVersion: this.apiVersion(), job: name, getJob: () => this.getJob(ws, name), signal: () => this.signal(), timeoutMs: this.opts.timeoutMs ?? 12_000,
    }, waitMs);
  }

  /**
   * Registers the next free version of a model from a job output (modelVersions.createOrUpdate),
   * then reads it back to confirm it exists. Versions are numeric strings, as Azure ML assigns them.
   * The ids are those of the PUT that created the version.
   *
   * With `onceKey` (a key of `tags`), a version already carrying that tag with the same value is returned instead of
   * registering another (`existing`): a registration resumed after a crash (T17) is found, not repeated. Free, as the
   * versions are listed anyway to pick the next number.
   */
  async registerModelVersion(ws: WorkspaceConfig, name: string, p: { path: string; jobName: string; tags: Record<string, string>; description: string; onceKey?: string }): Promise<RegisteredModel> {
    const c = this.client(ws);
    const once = p.onceKey ? p.tags[p.onceKey] : undefined;
    let max = 0;
    try {
      for await (const v of c.modelVersions.list(ws.resourceGroup, ws.workspace, name, { abortSignal: this.signal() })) {
        if (once !== undefined && v.name && v.properties.tags?.[p.onceKey!] === once) return { version: v.name, ids: {}, existing: true };
        const n = Number(v.name);
        if (Number.isInteger(n) && n > max) max = n;
      }
    } catch (err) {
      // A model that does not exist yet lists as 404 on some API versions: start at version 1.
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    const version = String(max + 1);
    let ids: AzureIds = {};
    await c.modelVersions.createOrUpdate(ws.resourceGroup, ws.workspace, name, version, {
      properties: { modelUri: p.path, modelType: 'custom_model', jobName: p.jobName, tags: p.tags, description: p.description },
    }, { abortSignal: this.signal(), onResponse: (raw) => (ids = idsFromHeaders(raw.headers)) });
    const confirmed = await c.modelVersions.get(ws.resourceGroup, ws.workspace, name, version, { abortSignal: this.signal() });
    return { version: confirmed.name ?? version, ids };
  }

  /** One ARM GET of a compute (state, size, scale settings, node counts, allocation errors). */
  getCompute(ws: WorkspaceConfig, name: string): Promise<ComputeInfo> {
    return readCompute(this.client(ws), ws, name, this.signal());
  }

  /** The region's quota rows (one call, usually one page). */
  listUsages(ws: WorkspaceConfig, location: string): Promise<QuotaUsage[]> {
    return readUsages(this.client(ws), location, this.signal());
  }

  /** The region's VM sizes with estimated list prices (one call). */
  listVmSizes(ws: WorkspaceConfig, location: string): Promise<VmSizeInfo[]> {
    return readVmSizes(this.client(ws), location, this.signal());
  }

  /** Submits `source`'s definition as `newName` unless a job of that name exists (then returns it). */
  rerunJob(ws: WorkspaceConfig, source: string, newName: string, tags: Record<string, string>): Promise<RerunResult> {
    return submitRerun(this.client(ws), ws, source, newName, tags, () => this.signal());
  }

  /** Workspace GET → the data-plane discovery URL (cached by the data-plane client). */
  async discoveryUrl(ws: WorkspaceConfig): Promise<string> {
    const w = await this.client(ws).workspaces.get(ws.resourceGroup, ws.workspace, { abortSignal: this.signal() });
    if (!w.discoveryUrl) throw new Error('the workspace has no discoveryUrl');
    return w.discoveryUrl;
  }

  /** Workspace GET → the MLflow tracking URI (cached by the MLflow client). */
  async trackingUri(ws: WorkspaceConfig): Promise<string> {
    const w = await this.client(ws).workspaces.get(ws.resourceGroup, ws.workspace, { abortSignal: this.signal() });
    if (!w.mlFlowTrackingUri) throw new Error('the workspace has no mlFlowTrackingUri');
    return w.mlFlowTrackingUri;
  }

  getRunMetrics(ws: WorkspaceConfig, runId: string): Promise<RunMetrics> {
    return this.mlflow.getRun(ws, runId);
  }

  getMetricHistory(ws: WorkspaceConfig, runId: string, key: string): Promise<MetricValue[]> {
    return this.mlflow.getHistory(ws, runId, key);
  }

  getRun(ws: WorkspaceConfig, runId: string): Promise<Run> {
    return this.dataPlane.getRun(ws, runId);
  }

  getRunDetails(ws: WorkspaceConfig, runId: string): Promise<RunDetails> {
    return this.dataPlane.getRunDetails(ws, runId);
  }

  listChildren(ws: WorkspaceConfig, runId: string): Promise<Run[]> {
    return this.dataPlane.listChildren(ws, runId);
  }
}
