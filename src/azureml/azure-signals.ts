import { PipelinePolicy } from '@azure/core-rest-pipeline';

/** What went wrong most recently when talking to Azure ML, in words a chat card can use. */
export type AzureTrouble = 'throttled' | 'unavailable' | 'not-answering';

/**
 * Azure's ids for one response: what Azure support asks for when a cancel or a registration is
 * disputed (security.md R2.5). Absent when no response came back (a timeout, a dropped connection).
 */
export interface AzureIds {
  requestId?: string;
  correlationRequestId?: string;
}

interface HeaderBag {
  get(name: string): string | undefined;
}

export function idsFromHeaders(headers: HeaderBag | undefined): AzureIds {
  const requestId = headers?.get('x-ms-request-id') || undefined;
  const correlationRequestId = headers?.get('x-ms-correlation-request-id') || undefined;
  return { ...(requestId ? { requestId } : {}), ...(correlationRequestId ? { correlationRequestId } : {}) };
}

/** The ids on a failed call's response (a RestError carries it), so failures are traceable too. */
export function idsFromError(err: unknown): AzureIds {
  return idsFromHeaders((err as { response?: { headers?: HeaderBag } } | undefined)?.response?.headers);
}

const REMEMBER_MS = 60_000;
/** An attempt outstanding this long, begun after the last trouble seen, is the newer news. */
const HANGING_MS = 2_000;

/**
 * Remembers the last transient trouble seen on any attempt (inside the SDK's retry loop), so a
 * turn that answers before Azure does can say honestly why it is still waiting ("throttling us")
 * instead of guessing.
 */
export class TroubleTracker {
  private last?: { kind: AzureTrouble; at: number };
  /** Start times of attempts still waiting for an answer. */
  private readonly pending = new Set<{ at: number }>();

  note(kind: AzureTrouble): void {
    this.last = { kind, at: Date.now() };
  }

  /** What is wrong now: an attempt hanging since after the last trouble, else that trouble if under a minute old. */
  recent(): AzureTrouble | undefined {
    const now = Date.now();
    const since = this.last?.at ?? 0;
    for (const p of this.pending) if (p.at > since && now - p.at >= HANGING_MS) return 'not-answering';
    return this.last && now - this.last.at <= REMEMBER_MS ? this.last.kind : undefined;
  }

  /** Added after the SDK's retry phase, so it sees every attempt rather than only the final answer. */
  policy(): PipelinePolicy {
    return {
      name: 'jobopsTroubleTracker',
      sendRequest: async (request, next) => {
        const attempt = { at: Date.now() };
        this.pending.add(attempt);
        try {
          const response = await next(request);
          if (response.status === 429) this.note('throttled');
          else if (response.status >= 500) this.note('unavailable');
          return response;
        } catch (err) {
          const status = (err as { statusCode?: number }).statusCode;
          this.note(status === 429 ? 'throttled' : status !== undefined && status >= 500 ? 'unavailable' : 'not-answering');
          throw err;
        } finally {
          this.pending.delete(attempt);
        }
      },
    };
  }
}
