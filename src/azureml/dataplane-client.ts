import {
  Pipeline, PipelineResponse, bearerTokenAuthenticationPolicy, createDefaultHttpClient, createHttpHeaders, createPipelineFromOptions, createPipelineRequest,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { WorkspaceConfig, isLoopbackUrl } from '../config';
import { loopbackPolicy } from './loopback-policy';
import { mapRun, mapRunDetails } from './run-mapper';
import { Run, RunDetails } from './types';

export interface DataPlaneOptions {
  credential: TokenCredential;
  local: boolean;
  timeoutMs?: number;
  arm: { discoveryUrl(ws: WorkspaceConfig): Promise<string> };
}

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(readonly statusCode: number, message: string, readonly code?: string) {
    super(message);
  }
}

/**
 * Run history (the data plane `az ml job stream` uses) and log blobs. Hosts come from the
 * workspace's discovery document, cached for the process: P2 counts every call.
 */
export class DataPlaneClient {
  private readonly api: Pipeline;
  private readonly blobs: Pipeline;
  private readonly hosts = new Map<string, Promise<string>>();

  constructor(private readonly opts: DataPlaneOptions) {
    const retryOptions = { maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 8_000 };
    this.api = createPipelineFromOptions({ retryOptions });
    this.blobs = createPipelineFromOptions({ retryOptions });
    if (opts.local) {
      this.api.addPolicy(loopbackPolicy());
    } else {
      this.api.addPolicy(bearerTokenAuthenticationPolicy({ credential: opts.credential, scopes: 'https://management.azure.com/.default' }));
    }
  }

  private async historyBase(ws: WorkspaceConfig): Promise<string> {
    const key = `${ws.subscriptionId}/${ws.resourceGroup}/${ws.workspace}`.toLowerCase();
    let p = this.hosts.get(key);
    if (!p) {
      p = (async () => {
        const discovery = await this.getJson(await this.opts.arm.discoveryUrl(ws));
        const host = (discovery.history ?? discovery.api) as string | undefined;
        if (typeof host !== 'string') throw new Error('the discovery document names no history host');
        return `${host.replace(/\/+$/, '')}/history/v1.0/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.workspace}`;
      })();
      p.catch(() => this.hosts.delete(key));
      this.hosts.set(key, p);
    }
    return p;
  }

  async getRun(ws: WorkspaceConfig, runId: string): Promise<Run> {
    return mapRun(await this.getJson(`${await this.historyBase(ws)}/runs/${encodeURIComponent(runId)}`));
  }

  async getRunDetails(ws: WorkspaceConfig, runId: string): Promise<RunDetails> {
    return mapRunDetails(await this.getJson(`${await this.historyBase(ws)}/runs/${encodeURIComponent(runId)}/details`));
  }

  async listChildren(ws: WorkspaceConfig, runId: string): Promise<Run[]> {
    const body = await this.getJson(`${await this.historyBase(ws)}/runs/${encodeURIComponent(runId)}/children`);
    const value = Array.isArray(body.value) ? (body.value as Record<string, unknown>[]) : [];
    return value.map(mapRun);
  }

  private async getJson(url: string): Promise<Record<string, unknown>> {
    const res = await this.send(this.api, url);
    if (res.status >= 400) throw errorFrom(res);
    try {
      return JSON.parse(res.bodyAsText ?? '{}') as Record<string, unknown>;
    } catch {
      throw new HttpError(502, 'Azure ML returned a malformed response');
    }
  }

  /** A ranged GET of a log blob (SAS URL, no bearer). Returns status, body and Content-Range total. */
  async readBlob(url: string, range?: string): Promise<{ status: number; body: Buffer; total?: number }> {
    const res = await this.send(this.blobs, url, range ? { Range: range } : undefined, 'GET', true);
    const body = await readAll(res.readableStreamBody);
    if (res.status >= 400 && res.status !== 416) throw new HttpError(res.status, `log download failed with HTTP ${res.status}`);
    return { status: res.status, body, total: parseTotal(res.headers.get('content-range')) };
  }

  async headBlob(url: string): Promise<number | undefined> {
    const res = await this.send(this.blobs, url, undefined, 'HEAD');
    if (res.status >= 400) return undefined;
    const len = Number(res.headers.get('content-length'));
    return Number.isFinite(len) ? len : undefined;
  }

  private send(pipeline: Pipeline, url: string, headers?: Record<string, string>, method: 'GET' | 'HEAD' = 'GET', binary = false): Promise<PipelineResponse> {
    const local = isLoopbackUrl(url);
    // In local mode every URL must be the emulator's; anything else came from a response we do not trust.
    if (this.opts.local && !local) throw new HttpError(400, 'refusing a non-loopback data-plane URL in local mode');
    if (!this.opts.local && !url.startsWith('https://')) throw new HttpError(400, 'refusing a non-https data-plane URL');
    const req = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders(headers),
      abortSignal: AbortSignal.timeout(this.opts.timeoutMs ?? 12_000),
      allowInsecureConnection: local,
    });
    // Blobs are bytes, not text: stream them so a UTF-8 character split by a range survives.
    if (binary) req.streamResponseStatusCodes = new Set([200, 206, 400, 403, 404, 416, 500, 503]);
    return pipeline.sendRequest(httpClient, req);
  }
}

const httpClient = createDefaultHttpClient();

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

function parseTotal(contentRange: string | undefined): number | undefined {
  const m = /\/(\d+)\s*$/.exec(contentRange ?? '');
  return m ? Number(m[1]) : undefined;
}

function errorFrom(res: PipelineResponse): HttpError {
  let code: string | undefined;
  let message = `HTTP ${res.status}`;
  try {
    const body = JSON.parse(res.bodyAsText ?? '{}') as { error?: { code?: string; message?: string } };
    code = body.error?.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not JSON (blob errors are XML); the status alone is enough for the translator.
  }
  return new HttpError(res.status, message, code);
}
