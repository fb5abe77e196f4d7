import pino from 'pino';
import { Job } from '../../../src/azureml/types';
import { WorkspaceConfig } from '../../../src/config';
import { EventInbox } from '../../../src/notifications/intake/event-inbox';
import { EventProcessor } from '../../../src/notifications/intake/event-processor';
import { RunEvent } from '../../../src/notifications/intake/event-schema';
import { MemoryStore } from '../../../src/storage/memory-store';
import { RecordingObserver } from '../../helpers/event-grid';

const dev: WorkspaceConfig = { alias: 'dev', subscriptionId: 's', resourceGroup: 'r', workspace: 'w', production: false, approvalTtlMinutes: 30, poll: false };
const job = (name: string, status: string, type = 'Command'): Job => ({ name, status, type, experiment: 'x', tags: {}, inputs: [], outputs: [], archived: false });
const ev = (id: string, runId: string, runStatus?: string): RunEvent => ({ id, workspace: 'dev', eventType: 'Microsoft.MachineLearningServices.RunStatusChanged', runId, runStatus });

function setup(arm: (name: string) => Job | Error) {
  let now = new Date('2025-06-02T09:00:00Z');
  const clock = { now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
  const inbox = new EventInbox(new MemoryStore(), clock.now);
  const observer = new RecordingObserver();
  const reads: string[] = [];
  const azureml = {
    getJob: async (_ws: WorkspaceConfig, name: string): Promise<Job> => {
      reads.push(name);
      const r = arm(name);
      if (r instanceof Error) throw r;
      return r;
    },
  };
  const logger = pino({ level: 'silent' });
  const processor = new EventProcessor({ inbox, azureml, workspaces: { dev }, observer, logger, now: clock.now, maxAttempts: 3 });
  return { inbox, observer, reads, processor, clock };
}
const httpError = (statusCode: number): Error => Object.assign(new Error(`HTTP ${statusCode}`), { statusCode });

describe('EventProcessor', () => {
  it('several events for one job → one ARM read, one observation with ARM\'s status, rows removed', async () => {
    const s = setup((n) => job(n, 'Failed'));
    await s.inbox.add([ev('1', 'a', 'running'), ev('2', 'a', 'failed'), ev('3', 'a', 'queued'), ev('4', 'b', 'completed')]);
    expect(await s.processor.drainOnce()).toEqual({ jobs: 2, observed: 2, skipped: 0, retried: 0, parked: 0 });
    expect(s.reads.sort()).toEqual(['a', 'b']);
    expect(s.observer.seen.map((o) => [o.workspace, o.job.name, o.job.status, o.source])).toEqual(expect.arrayContaining([['dev', 'a', 'Failed', 'event']]));
    expect(await s.inbox.all()).toEqual([]);
  });

  it('404 and property-less stubs are skipped, not retried', async () => {
    const s = setup((n) => (n === 'gone' ? httpError(404) : job(n, 'Unknown', 'Unknown')));
    await s.inbox.add([ev('1', 'gone', 'failed'), ev('2', 'step-guid', 'failed')]);
    expect(await s.processor.drainOnce()).toMatchObject({ skipped: 2, observed: 0 });
    expect(await s.inbox.all()).toEqual([]);
    expect(s.observer.seen).toEqual([]);
  });

  it('ARM failures are retried with backoff, then parked (kept, skipped, not observed)', async () => {
    const s = setup(() => httpError(503));
    await s.inbox.add([ev('1', 'a', 'failed')]);
    expect(await s.processor.drainOnce()).toMatchObject({ retried: 1 });
    expect(await s.processor.drainOnce()).toMatchObject({ jobs: 0 });
    s.clock.advance(2_000);
    expect(await s.processor.drainOnce()).toMatchObject({ retried: 1 });
    s.clock.advance(4_000);
    expect(await s.processor.drainOnce()).toMatchObject({ parked: 1 });
    s.clock.advance(600_000);
    expect(await s.processor.drainOnce()).toMatchObject({ jobs: 0 });
    const [row] = await s.inbox.all();
    expect(row?.value).toMatchObject({ parked: true, attempts: 3, lastError: expect.stringContaining('HTTP 503') });
    expect(s.reads).toHaveLength(3);
  });

  it('an observer failure is retried too (the event is not lost)', async () => {
    const s = setup((n) => job(n, 'Failed'));
    let fail = true;
    const observe = s.observer.observe.bind(s.observer);
    s.observer.observe = async (o) => {
      if (fail) throw new Error('outbox down');
      return observe(o);
    };
    await s.inbox.add([ev('1', 'a', 'failed')]);
    expect(await s.processor.drainOnce()).toMatchObject({ retried: 1, observed: 0 });
    fail = false;
    s.clock.advance(2_000);
    expect(await s.processor.drainOnce()).toMatchObject({ observed: 1 });
    expect(s.observer.seen.map((o) => o.job.status)).toEqual(['Failed']);
  });

  it('ARM lagging behind a terminal event: re-read later, dropped (not parked) after the last attempt', async () => {
    const s = setup((n) => job(n, 'Running'));
    await s.inbox.add([ev('1', 'a', 'FAILED')]);
    for (let i = 0; i < 3; i++) {
      await s.processor.drainOnce();
      s.clock.advance(10_000);
    }
    expect(s.observer.seen.map((o) => o.job.status)).toEqual(['Running', 'Running', 'Running']);
    expect(await s.inbox.all()).toEqual([]);
  });

  it('drains never overlap, and a kick before start() does nothing', async () => {
    const s = setup((n) => job(n, 'Failed'));
    await s.inbox.add([ev('1', 'a', 'failed')]);
    s.processor.kick();
    const [r1, r2] = await Promise.all([s.processor.drainOnce(), s.processor.drainOnce()]);
    expect([r1.observed, r2.observed]).toEqual([1, 0]);
    await s.processor.stop();
  });
});

describe('EventInbox', () => {
  it('create-if-absent by event id, also within one batch', async () => {
    const inbox = new EventInbox(new MemoryStore());
    expect(await inbox.add([ev('x', 'a'), ev('x', 'a'), ev('y/z', 'a')])).toEqual({ added: 2, duplicates: 1 });
    expect(await inbox.add([ev('x', 'a')])).toEqual({ added: 0, duplicates: 1 });
    expect((await inbox.all()).map((r) => r.value.id).sort()).toEqual(['x', 'y/z']);
  });

  it('large deliveries are staged in a few segment rows, expanded create-if-absent by event id', async () => {
    const inbox = new EventInbox(new MemoryStore());
    await inbox.add([ev('e-7', 'a')]);
    const big = Array.from({ length: 1_000 }, (_, i) => ev(`e-${i}`, `job-${i % 10}`, 'failed'));
    expect(await inbox.add([...big, big[0]!])).toEqual({ added: 1_000, duplicates: 1 });
    expect(await inbox.stagedCount()).toBe(1_000);
    expect(await inbox.all()).toHaveLength(1);
    expect(await inbox.expandStaged()).toBe(999);
    expect(await inbox.expandStaged()).toBe(0);
    expect(await inbox.stagedCount()).toBe(0);
    expect(await inbox.all()).toHaveLength(1_000);
  });

  it('the processor expands staged events first: 1,000 events over 10 jobs → 10 ARM reads', async () => {
    const s = setup((n) => job(n, 'Failed'));
    await s.inbox.add(Array.from({ length: 1_000 }, (_, i) => ev(`e-${i}`, `job-${i % 10}`, 'failed')));
    expect(await s.processor.drainOnce()).toMatchObject({ jobs: 10, observed: 10 });
    expect(s.reads).toHaveLength(10);
    expect(await s.inbox.all()).toEqual([]);
  });
});
