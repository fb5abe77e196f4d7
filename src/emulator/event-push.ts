/**
 * Event Grid push: the emulator's stand-in for a workspace Event Grid subscription. It remembers each job's
 * clock-derived status and, on a check, POSTs real-shaped deliveries for the jobs whose status changed:
 * RunStatusChanged with lower-case runStatus, plus RunCompleted for Completed (azureml-facts.md).
 *
 * When checks happen: a real clock checks on a ticker (every second); a manual clock never checks by itself — the
 * test calls `emulator.pushEvents()` (or POST /_emulator/eventgrid/push) after `clock.advance`, and awaits the
 * delivery. Only changes after the push was configured are sent, never the scenario's history.
 */
import { randomUUID } from 'node:crypto';
import { EmulatorState } from './emulator-state';
import { EmulatedJob, statusAt } from './job-model';
import { stableGuid } from './rng';
import { workspaceArmId } from './scenario-constants';

export interface EventGridPushConfig {
  /** Webhook URL including its `?key=` secret; never logged. */
  url: string;
  schema?: 'eventgrid' | 'cloudevents';
}

type Json = Record<string, unknown>;
const RUN_STATUS_CHANGED = 'Microsoft.MachineLearningServices.RunStatusChanged';
const RUN_COMPLETED = 'Microsoft.MachineLearningServices.RunCompleted';
/** Events per delivery; Event Grid batches up to 5,000 but small batches keep a demo lively. */
const BATCH = 50;
const ATTEMPTS = 3;

export class EventPusher {
  private config?: EventGridPushConfig;
  private readonly seen = new Map<string, string>();
  private ticker?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<number>>();

  constructor(private readonly state: EmulatorState, private readonly tickMs = 1_000) {}

  configure(config: EventGridPushConfig | undefined): void {
    if (config && !/^https?:\/\//.test(config.url)) throw new Error('event grid url must be http(s)');
    this.config = config;
    this.rebaseline();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (config && this.state.clock.mode === 'real') {
      this.ticker = setInterval(() => void this.push(), this.tickMs);
      this.ticker.unref();
    }
  }

  get schema(): string | undefined {
    return this.config ? this.config.schema ?? 'eventgrid' : undefined;
  }

  /** Statuses as they are now become the baseline (on configure and after an emulator reset). */
  rebaseline(): void {
    this.seen.clear();
    const now = this.state.clock.now();
    for (const job of this.state.store.all()) this.seen.set(key(job), statusAt(job, now));
  }

  /** Detects changes (synchronously, so overlapping calls never send one change twice) and delivers them. */
  push(): Promise<number> {
    const events = this.config ? this.detect() : [];
    if (!this.config || events.length === 0) return Promise.resolve(0);
    const p = this.deliver(this.config, events).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return p;
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  private detect(): Json[] {
    const now = this.state.clock.now();
    const out: Json[] = [];
    for (const job of this.state.store.all()) {
      const status = statusAt(job, now);
      // A job added after configure starts from its first status, so its whole life is announced.
      const before = this.seen.get(key(job)) ?? job.timeline[0]?.status;
      this.seen.set(key(job), status);
      if (status === before) continue;
      out.push(eventFor(job, RUN_STATUS_CHANGED, now, status));
      if (status === 'Completed') out.push(eventFor(job, RUN_COMPLETED, now));
    }
    return out;
  }

  private async deliver(config: EventGridPushConfig, events: Json[]): Promise<number> {
    const cloud = config.schema === 'cloudevents';
    let delivered = 0;
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH).map((e) => (cloud ? toCloudEvent(e) : e));
      const contentType = cloud ? 'application/cloudevents-batch+json; charset=utf-8' : 'application/json';
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const status = await fetch(config.url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(batch), signal: AbortSignal.timeout(30_000) })
          .then(async (r) => {
            await r.arrayBuffer();
            return r.status;
          })
          .catch(() => 0);
        if (status === 200) {
          delivered += batch.length;
          break;
        }
        // Like Event Grid: 400/401/403/413 are final, the rest is retried (here only briefly).
        const final = [400, 401, 403, 413].includes(status) || attempt === ATTEMPTS;
        if (final) {
          this.state.log(`event grid push: ${batch.length} event(s) not delivered (HTTP ${status || 'error'})`);
          break;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
    return delivered;
  }
}

const key = (job: EmulatedJob): string => `${job.workspace}/${job.name}`;

function eventFor(job: EmulatedJob, eventType: string, now: number, status?: string): Json {
  const experimentId = stableGuid(`${job.workspace}/experiment/${job.experimentName}`);
  const data: Json = { experimentId, experimentName: job.experimentName, runId: job.name, runType: null, runTags: job.tags, runProperties: {} };
  if (status) data.runStatus = status.toLowerCase();
  return {
    topic: workspaceArmId(job.workspace),
    subject: `experiments/${experimentId}/runs/${job.name}`,
    eventType,
    eventTime: new Date(now).toISOString(),
    id: randomUUID(),
    data,
    dataVersion: '',
    metadataVersion: '1',
  };
}

function toCloudEvent(e: Json): Json {
  return { source: e.topic, subject: e.subject, type: e.eventType, time: e.eventTime, id: e.id, data: e.data, specversion: '1.0' };
}
