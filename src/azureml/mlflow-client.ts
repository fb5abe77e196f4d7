import {
  Pipeline, bearerTokenAuthenticationPolicy, createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { WorkspaceConfig, isLoopbackUrl } from '../config';
import { HttpError } from './dataplane-client';
import { loopbackPolicy } from './loopback-policy';
import { mapMetricHistory, mapMlflowRun, mlflowRestBase } from './mlflow-mapper';
import { MetricValue, RunMetrics } from './mlflow-types';

export interface MlflowOptions {
  credential: TokenCredential;
  local: boolean;
  timeoutMs?: number;
  arm: { trackingUri(ws: WorkspaceConfig): Promise<string> };
}

/**
 * Metrics and params from the workspace's MLflow tracking endpoint (what the Studio's metrics tab and azureml-mlflow
 * read), with the same Azure credential. The REST base comes from the workspace's mlFlowTrackingUri, read once per
 * workspace for the process: P2 counts every call.
 */
export class MlflowClient {
  private readonly pipeline: Pipeline;
  private readonly bases = new Map<string, Promise<string>>();

  constructor(private readonly opts: MlflowOptions) {
    this.pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 8_000 } });
    if (opts.local) this.pipeline.addPolicy(loopbackPolicy());
    else this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: opts.credential, scopes: 'https://management.azure.com/.default' }));
  }

  private base(ws: WorkspaceConfig): Promise<string> {
    const key = `${ws.subscriptionId}/${ws.resourceGroup}/${ws.workspace}`.toLowerCase();
    let p = this.bases.get(key);
    if (!p) {
      p = this.opts.arm.trackingUri(ws).then(mlflowRestBase);
      p.catch(() => this.bases.delete(key));
      this.bases.set(key, p);
    }
    return p;
  }

  /** runs/get: the final value of every metric (with step and time) and the params. A job's name is its run id. */
  async getRun(ws: WorkspaceConfig, runId: string): Promise<RunMetrics> {
    const body = await this.getJson(`${await this.base(ws)}/runs/get?run_id=${encodeURIComponent(runId)}`);
    return mapMlflowRun(body, runId);
  }

  /** metrics/get-history: every logged value of one metric, by step. */
  async getHistory(ws: WorkspaceConfig, runId: string, key: string): Promise<MetricValue[]> {
    const body = await this.getJson(`${await this.base(ws)}/metrics/get-history?run_id=${encodeURIComponent(runId)}&metric_key=${encodeURIComponent(key)}`);
    return mapMetricHistory(body);
  }

  private async getJson(url: string): Promise<Record<string, unknown>> {
    const local = isLoopbackUrl(url);
    // The host came from a workspace resource: in local mode it must be the emulator, in Azure it must be TLS.
    if (this.opts.local && !local) throw new HttpError(400, 'refusing a non-loopback MLflow URL in local mode');
    if (!this.opts.local && !url.startsWith('https://')) throw new HttpError(400, 'refusing a non-https MLflow URL');
    const req = createPipelineRequest({ url, method: 'GET', abortSignal: AbortSignal.timeout(this.opts.timeoutMs ?? 12_000), allowInsecureConnection: local });
    const res = await this.pipeline.sendRequest(httpClient, req);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(res.bodyAsText || '{}') as Record<string, unknown>;
    } catch {
      if (res.status < 400) throw new HttpError(502, 'the MLflow endpoint returned a malformed response');
    }
    if (res.status >= 400) {
      // MLflow's error shape is {error_code, message}; Azure ML's front door uses {error:{code, message}}.
      const e = (body.error ?? {}) as { code?: string; message?: string };
      const code = typeof body.error_code === 'string' ? body.error_code : e.code;
      const message = typeof body.message === 'string' ? body.message : (e.message ?? `HTTP ${res.status}`);
      throw new HttpError(res.status, message, code);
    }
    return body;
  }
}

const httpClient = createDefaultHttpClient();
