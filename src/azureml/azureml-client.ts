import { AzureMachineLearningWorkspaces, getContinuationToken } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/identity';
import type { FullOperationResponse } from '@azure/core-client';
import { WorkspaceConfig } from '../config';
import { AzureIds, AzureTrouble, TroubleTracker, idsFromHeaders } from './azure-signals';
import { ArmJobLike, mapJob } from './job-mapper';
import { useLoopbackAuth } from './loopback-policy';
import { DataPlaneClient } from './dataplane-client';
import { isCancellable } from './status';
import { Job, Run, RunDetails } from './types';

const CANCEL_RETRIES = 3;
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'REQUEST_SEND_ERROR']);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How long to wait before retrying a failed cancel POST, or undefined when it must not be retried. */
function retryDelayMs(err: unknown, attempt: number): number | undefined {
  const e = err as { statusCode?: number; code?: string; name?: string; response?: { headers?: { get(n: string): string | undefined } } };
  if (e.name === 'AbortError') return undefined;
  const transient = e.statusCode === 429 || e.statusCode === 408 || (e.statusCode !== undefined && e.statusCode >= 500) || (e.statusCode === undefined && TRANSIENT_CODES.has(e.code ?? ''));
  if (!transient) return undefined;
  const header = e.response?.headers?.get('retry-after');
  if (header) {
    const seconds = Number(header);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), 8_000);
  }
  return Math.min(500 * 2 ** attempt * (0.8 + Math.random() * 0.4), 8_000);
}

export interface AzureMlClientOptions {
  endpoint: string;
  credential: TokenCredential;
  /** True for an http:// loopback emulator: no real credential ever leaves the process. */
  local: boolean;
  /** Upper bound for one call including the SDK's retries, so chat replies stay within Teams' limits. */
  timeoutMs?: number;
  /** Newer than the SDK's 2022-10-01 default so timings and types match current Azure. */
  apiVersion?: string;
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

/** A cancel's end: whether the operation finished within the wait, and Azure's ids for the POST (R2.5). */
export interface CancelResult {
  done: boolean;
  ids: AzureIds;
}

/** A registered model version and Azure's ids for the PUT that created it (R2.5). */
export interface RegisteredModel {
  version: string;
  ids: AzureIds;
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

  constructor(private readonly opts: AzureMlClientOptions) {
    this.dataPlane = new DataPlaneClient({ credential: opts.credential, local: opts.local, timeoutMs: opts.timeoutMs, arm: this });
  }

  private client(ws: WorkspaceConfig): AzureMachineLearningWorkspaces {
    let c = this.clients.get(ws.subscriptionId);
    if (!c) {
      c = new AzureMachineLearningWorkspaces(this.opts.credential, ws.subscriptionId, {
        endpoint: this.opts.endpoint,
        apiVersion: this.opts.apiVersion ?? '2024-04-01',
        retryOptions: { maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 8_000 },
      });
      if (this.opts.local) useLoopbackAuth(c.pipeline);
      c.pipeline.addPolicy(this.trouble.policy(), { afterPhase: 'Retry' });
      this.clients.set(ws.subscriptionId, c);
    }
    return c;
  }

  /**
   * The same client without the SDK's retries, for the cancel POST only: a blind retry after a
   * timeout or 5xx can cancel twice when the first attempt did reach Azure (T14). cancelJob retries itself.
   */
  private noRetryClient(ws: WorkspaceConfig): AzureMachineLearningWorkspaces {
    let c = this.noRetry.get(ws.subscriptionId);
    if (!c) {
      c = new AzureMachineLearningWorkspaces(this.opts.credential, ws.subscriptionId, {
        endpoint: this.opts.endpoint,
        apiVersion: this.opts.apiVersion ?? '2024-04-01',
        retryOptions: { maxRetries: 0 },
      });
      if (this.opts.local) useLoopbackAuth(c.pipeline);
      c.pipeline.addPolicy(this.trouble.policy(), { afterPhase: 'Retry' });
      this.noRetry.set(ws.subscriptionId, c);
    }
    return c;
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
      .jobs.list(ws.resourceGroup, ws.workspace, { jobType: query.jobType, tag: query.tag, abortSignal: this.signal() })
      .byPage(next ? { continuationToken: next } : undefined);
    const r = await pages.next();
    if (r.done || !r.value) return { jobs: [] };
    const page = r.value as ArmJobLike[];
    return { jobs: page.map(mapJob), next: getContinuationToken(page) };
  }

  async getJob(ws: WorkspaceConfig, name: string): Promise<Job> {
    const raw = await this.client(ws).jobs.get(ws.resourceGroup, ws.workspace, name, { abortSignal: this.signal() });
    return mapJob(raw as ArmJobLike);
  }

  /**
   * POST …/cancel and wait for the LRO (200, or 202 + Location) up to the time bound.
   * Returns false when the operation is still running at the bound; the caller re-reads the job.
   *
   * Retries are ours, not the SDK's: a 429 was never processed, so it is sent again after
   * Retry-After; after a timeout, a dropped connection or a 5xx the cancel may have reached Azure,
   * so the job is re-read and the POST is repeated only while it is still cancellable (T14).
   *
   * The ids returned are those of the last POST's response (Azure's x-ms-request-id), for the audit.
   */
  async cancelJob(ws: WorkspaceConfig, name: string, waitMs = 4_000): Promise<CancelResult> {
    const deadline = Date.now() + (this.opts.timeoutMs ?? 12_000);
    let ids: AzureIds = {};
    // The LRO's status polls are GETs through the same options: keep only the POST's ids.
    const onResponse = (raw: FullOperationResponse): void => {
      if (raw.request.method === 'POST') ids = idsFromHeaders(raw.headers);
    };
    for (let attempt = 0; ; attempt++) {
      let poller: Awaited<ReturnType<AzureMachineLearningWorkspaces['jobs']['beginCancel']>>;
      try {
        poller = await this.noRetryClient(ws).jobs.beginCancel(ws.resourceGroup, ws.workspace, name, { abortSignal: this.signal(), updateIntervalInMs: 500, onResponse });
      } catch (err) {
        const delay = retryDelayMs(err, attempt);
        if (attempt >= CANCEL_RETRIES || delay === undefined || Date.now() + delay > deadline) throw err;
        await sleep(delay);
        if ((err as { statusCode?: number }).statusCode !== 429 && !isCancellable((await this.getJob(ws, name)).status)) return { done: true, ids };
        continue;
      }
      const until = Date.now() + waitMs;
      try {
        while (!poller.isDone() && Date.now() < until) {
          await poller.poll();
          if (!poller.isDone()) await sleep(300);
        }
      } catch {
        // The cancel was accepted; a failed status poll only means we stop waiting. The caller re-reads the job.
        return { done: false, ids };
      }
      return { done: poller.isDone(), ids };
    }
  }

  /**
   * Registers the next free version of a model from a job output (modelVersions.createOrUpdate),
   * then reads it back to confirm it exists. Versions are numeric strings, as Azure ML assigns them.
   * The ids are those of the PUT that created the version.
   */
  async registerModelVersion(ws: WorkspaceConfig, name: string, p: { path: string; jobName: string; tags: Record<string, string>; description: string }): Promise<RegisteredModel> {
    const c = this.client(ws);
    let max = 0;
    try {
      for await (const v of c.modelVersions.list(ws.resourceGroup, ws.workspace, name, { abortSignal: this.signal() })) {
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

  /** Workspace GET → the data-plane discovery URL (cached by the data-plane client). */
  async discoveryUrl(ws: WorkspaceConfig): Promise<string> {
    const w = await this.client(ws).workspaces.get(ws.resourceGroup, ws.workspace, { abortSignal: this.signal() });
    if (!w.discoveryUrl) throw new Error('the workspace has no discoveryUrl');
    return w.discoveryUrl;
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
