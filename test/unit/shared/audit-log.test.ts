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
