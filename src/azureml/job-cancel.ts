import type { FullOperationResponse, OperationSpec, ServiceClient } from '@azure/core-client';
import { createSerializer } from '@azure/core-client';
import { AzureIds, idsFromHeaders } from './azure-signals';
import { isCancellable } from './status';
import { Job } from './types';

/**
 * A job's cancel as JobOps does it: one POST, then the job itself re-read (jobs/read).
 *
 * Not the SDK's beginCancel: that polls the operation's Location (202) before it returns, and on Azure that status URL
 * sits at subscription scope (…/locations/…/mfeOperationResults), which the JobOps role, assigned on the workspace,
 * may not read. A refused (403) or throttled (429) poll then threw after Azure had accepted the cancel: the user was
 * told it failed, and a 429 even sent the POST again. The job's status is the truth (CancelRequested, then Canceled),
 * so the operation URL is never polled.
 */
const CANCEL_SPEC: OperationSpec = {
  path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/jobs/{id}/cancel',
  httpMethod: 'POST',
  // As the SDK's own spec: every 2xx means Azure took the cancel; anything else throws a RestError with ARM's code.
  responses: { 200: {}, 201: {}, 202: {}, 204: {}, default: {} },
  queryParameters: [{ parameterPath: 'apiVersion', mapper: { serializedName: 'api-version', required: true, type: { name: 'String' } } }],
  urlParameters: (['subscriptionId', 'resourceGroupName', 'workspaceName', 'id'] as const).map((name) => ({
    parameterPath: name, mapper: { serializedName: name, required: true, type: { name: 'String' as const } },
  })),
  headerParameters: [{ parameterPath: 'accept', mapper: { defaultValue: 'application/json', isConstant: true, serializedName: 'Accept', type: { name: 'String' } } }],
  serializer: createSerializer({}, false),
};

const CANCEL_RETRIES = 3;
const REREAD_EVERY_MS = 500;
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'REQUEST_SEND_ERROR']);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A cancel Azure accepted: its POST's ids (R2.5), the job as re-read, and the status to tell people. */
export interface CancelResult {
  ids: AzureIds;
  /** The last successful re-read of the job (none when every re-read failed: the cancel stands regardless). */
  job?: Job;
  /** The job's status once it shows the cancel; CancelRequested while it does not yet, or could not be read. */
  status: string;
  /** Why the re-read failed, for the caller's log (the cancel stands). */
  readError?: unknown;
}

export interface CancelTarget {
  /** A client without the SDK's retries: a blind retry after a timeout or 5xx can cancel twice (T14). */
  client: ServiceClient;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  apiVersion: string;
  job: string;
  getJob(): Promise<Job>;
  signal(): AbortSignal;
  /** Bound for the whole cancel, retries included. */
  timeoutMs: number;
}

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

/**
 * POST …/cancel until Azure accepts it, then re-read the job for up to `waitMs` until it shows the cancel.
 *
 * A POST is sent again only when the previous one surely was not processed (429, after Retry-After), or after a
 * timeout, a dropped connection or a 5xx when a re-read shows the job still cancellable (T14). Once a POST was answered
 * 2xx nothing is sent again and nothing after it can turn the outcome into a failure: a failed re-read only ends the wait.
 * Throws when the cancel was not accepted (the RestError of the last POST, or of the re-read that decided it).
 */
export async function cancelJobOnce(t: CancelTarget, waitMs: number): Promise<CancelResult> {
  const deadline = Date.now() + t.timeoutMs;
  let ids: AzureIds = {};
  let accepted = false;
  // The response capture tells an accepted POST (2xx) from a refused one, and keeps its ids for the audit.
  const onResponse = (raw: FullOperationResponse): void => {
    ids = idsFromHeaders(raw.headers);
    accepted = raw.status >= 200 && raw.status < 300;
  };
  const args = { subscriptionId: t.subscriptionId, resourceGroupName: t.resourceGroup, workspaceName: t.workspace, id: t.job, apiVersion: t.apiVersion };
  for (let attempt = 0; ; attempt++) {
    accepted = false;
    try {
      await t.client.sendOperationRequest({ ...args, options: { abortSignal: t.signal(), onResponse } }, CANCEL_SPEC);
    } catch (err) {
      // Answered 2xx but failed after (reading the body): Azure has the cancel all the same.
      if (accepted) break;
      const delay = retryDelayMs(err, attempt);
      if (attempt >= CANCEL_RETRIES || delay === undefined || Date.now() + delay > deadline) throw err;
      await sleep(delay);
      if ((err as { statusCode?: number }).statusCode !== 429) {
        const job = await t.getJob();
        if (!isCancellable(job.status)) return { ids, job, status: job.status };
      }
      continue;
    }
    break;
  }
  return { ids, ...(await reread(t, Math.min(Date.now() + waitMs, deadline))) };
}

/** The job after an accepted cancel: read until it shows the cancel (CancelRequested or an end) or `until` passes. */
async function reread(t: CancelTarget, until: number): Promise<Omit<CancelResult, 'ids'>> {
  let job: Job | undefined;
  let readError: unknown;
  for (;;) {
    try {
      job = await t.getJob();
    } catch (err) {
      // Throttled or refused: the cancel was accepted, so only the wait ends (the caller logs why).
      readError = err;
      break;
    }
    if (!isCancellable(job.status) || Date.now() + REREAD_EVERY_MS > until) break;
    await sleep(REREAD_EVERY_MS);
  }
  const status = job && !isCancellable(job.status) ? job.status : 'CancelRequested';
  return { status, ...(job ? { job } : {}), ...(readError !== undefined ? { readError } : {}) };
}
