/**
 * Fault injection: latency on every call, random 429/5xx, and a scripted queue of exact responses so a test can say
 * "the next call gets 429, the one after 503". Randomness is seeded so a failing run can be replayed.
 * A scripted step can aim at one operation (`op`), and wait until another one was called (`after`): a test can
 * throttle "the status reads after the cancel POST" without touching the reads before it.
 */
import { createRng, Rng } from './rng';
import { OperationKind } from './stats';

export type FaultScope = 'arm' | 'dataplane' | 'all';

interface StepTarget {
  scope?: FaultScope;
  /** Only a call of this operation gets the step (others pass it by). */
  op?: OperationKind;
  /** The step waits until a call of this operation has arrived after it was queued (that call does not get it). */
  after?: OperationKind;
}

export type FaultStep =
  | ({ status: number; retryAfter?: number; code?: string } & StepTarget)
  | ({ timeoutMs: number } & StepTarget);

export interface FaultConfig {
  latencyMs?: number;
  rate429?: number;
  rate5xx?: number;
  /** Fraction of calls held open then dropped, as a dead connection would be. */
  rateTimeout?: number;
  timeoutMs?: number;
  retryAfterSeconds?: number;
  scope?: FaultScope;
  next?: FaultStep[];
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'status'; status: number; retryAfter?: number; code: string }
  | { kind: 'timeout'; ms: number };

const NONE: FaultDecision = { kind: 'none' };

function inScope(scope: FaultScope | undefined, target: 'arm' | 'dataplane'): boolean {
  return !scope || scope === 'all' || scope === target;
}

function codeFor(status: number): string {
  if (status === 429) return 'TooManyRequests';
  if (status === 503) return 'ServiceUnavailable';
  if (status >= 500) return 'InternalServerError';
  return 'InjectedFault';
}

export class Faults {
  private config: FaultConfig = {};
  private queue: FaultStep[] = [];
  /** Queued steps whose `after` operation has been called. */
  private armed = new WeakSet<FaultStep>();
  private rng: Rng;

  constructor(private readonly seed: number) {
    this.rng = createRng(seed ^ 0x5eed);
  }

  /** Replaces the random settings; a `next` list is appended to the queue. */
  set(config: FaultConfig): void {
    const { next, ...rest } = config;
    this.config = rest;
    if (next) this.queue.push(...next);
  }

  queueFaults(...steps: FaultStep[]): void {
    this.queue.push(...steps);
  }

  clear(): void {
    this.config = {};
    this.queue = [];
    this.armed = new WeakSet();
    this.rng = createRng(this.seed ^ 0x5eed);
  }

  current(): FaultConfig & { queued: FaultStep[] } {
    return { ...this.config, queued: [...this.queue] };
  }

  latencyFor(target: 'arm' | 'dataplane'): number {
    return inScope(this.config.scope, target) ? (this.config.latencyMs ?? 0) : 0;
  }

  decide(target: 'arm' | 'dataplane', op?: OperationKind): FaultDecision {
    const due = (s: FaultStep): boolean => inScope(s.scope ?? this.config.scope, target) && (!s.op || s.op === op) && (!s.after || this.armed.has(s));
    const index = this.queue.findIndex(due);
    // Armed after choosing, so the `after` call itself is never the one that gets the step.
    for (const s of this.queue) if (s.after && s.after === op) this.armed.add(s);
    if (index >= 0) {
      const [step] = this.queue.splice(index, 1);
      if (step && 'timeoutMs' in step) return { kind: 'timeout', ms: step.timeoutMs };
      if (step) return { kind: 'status', status: step.status, retryAfter: step.retryAfter, code: step.code ?? codeFor(step.status) };
    }
    if (!inScope(this.config.scope, target)) return NONE;
    const roll = this.rng();
    const r429 = this.config.rate429 ?? 0;
    const r5xx = this.config.rate5xx ?? 0;
    const rTimeout = this.config.rateTimeout ?? 0;
    if (roll < r429) return { kind: 'status', status: 429, retryAfter: this.config.retryAfterSeconds ?? 1, code: 'TooManyRequests' };
    if (roll < r429 + r5xx) return { kind: 'status', status: 503, retryAfter: this.config.retryAfterSeconds, code: 'ServiceUnavailable' };
    if (roll < r429 + r5xx + rTimeout) return { kind: 'timeout', ms: this.config.timeoutMs ?? 30_000 };
    return NONE;
  }
}
