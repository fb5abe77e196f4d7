import { AuditLog } from '../../../src/shared/audit-log';
import { MemoryStore } from '../../../src/storage/memory-store';

function clock(start: string): { now: () => Date; tick: () => void } {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), tick: () => (t += 1_000) };
}

describe('AuditLog.forJob', () => {
  it('returns one job\'s entries oldest first, the latest N, and how many were left out', async () => {
    const c = clock('2024-07-24T12:00:00Z');
    const log = new AuditLog(new MemoryStore(), c.now);
    for (let i = 0; i < 35; i++) {
      await log.record({ action: `step.${i}`, workspace: 'dev', job: 'train-42' });
      await log.record({ action: 'other', workspace: 'dev', job: 'train-420' });
      await log.record({ action: 'other', workspace: 'prod', job: 'train-42' });
      c.tick();
    }
    const trail = await log.forJob('dev', 'train-42', 30);
    expect(trail.earlier).toBe(5);
    expect(trail.entries.map((e) => e.action)).toEqual(Array.from({ length: 30 }, (_, i) => `step.${i + 5}`));
  });

  it('matches the job and workspace case-insensitively (Azure names are)', async () => {
    const log = new AuditLog(new MemoryStore(), () => new Date('2024-07-24T12:00:00Z'));
    await log.record({ action: 'cancel.requested', workspace: 'dev', job: 'Train-42' });
    expect((await log.forJob('DEV', 'train-42')).entries).toHaveLength(1);
  });

  it('still writes entries without a job to the main log only', async () => {
    const log = new AuditLog(new MemoryStore(), () => new Date('2024-07-24T12:00:00Z'));
    await log.record({ action: 'tenant.rejected', outcome: 'ignored' });
    expect(await log.since(new Date('2024-07-24T00:00:00Z'))).toHaveLength(1);
  });
});

describe('AuditLog retention', () => {
  const DAY = 86_400_000;

  it('sweeps entries older than the retention, whole days and the older part of the cut-off day, with their job copies', async () => {
    let t = new Date('2024-07-01T10:00:00Z').getTime();
    const store = new MemoryStore();
    const log = new AuditLog(store, () => new Date(t), 3 * DAY);
    for (let i = 0; i < 10; i++) {
      await log.record({ action: `a.${i}`, workspace: 'dev', job: 'train-42' });
      t += 12 * 3_600_000; // two a day, for five days
    }
    // Now 2024-07-06T10:00Z; the cut is 2024-07-03T10:00Z: entries a.0–a.4 (up to 07-03 10:00 exclusive) go.
    const now = new Date(t);
    let swept = 0;
    for (let n = await log.sweep.sweep(now, 3); n > 0; n = await log.sweep.sweep(now, 3)) swept += n;
    expect(swept).toBe(4);
    expect((await log.since(new Date(0))).map((e) => e.action)).toEqual(['a.4', 'a.5', 'a.6', 'a.7', 'a.8', 'a.9']);
    expect((await log.forJob('dev', 'train-42', 100)).entries.map((e) => e.action)).toEqual(['a.4', 'a.5', 'a.6', 'a.7', 'a.8', 'a.9']);
    expect(await log.sweep.sweep(now, 100)).toBe(0);
  });

  it('export (since) reads only the days it asks for, oldest first across shards', async () => {
    let t = new Date('2024-07-01T00:00:00Z').getTime();
    const log = new AuditLog(new MemoryStore(), () => new Date(t));
    for (let i = 0; i < 40; i++) {
      await log.record({ action: `e.${String(i).padStart(2, '0')}` });
      t += 3_600_000;
    }
    const got = (await log.since(new Date('2024-07-02T05:00:00Z'))).map((e) => e.action);
    expect(got).toEqual(Array.from({ length: 11 }, (_, i) => `e.${29 + i}`));
  });
});
