import { HandleStore } from '../../../src/actions/handle-store';
import { hashed } from '../../../src/storage/layouts';
import { MemoryStore } from '../../../src/storage/memory-store';

const MIN = 60_000;

describe('handle retention', () => {
  const job = { kind: 'job' as const, workspace: 'prod', job: 'train-42', conversationId: 'a:conv-1' };

  function setup(): { handles: HandleStore; store: MemoryStore; at: (iso: string) => void } {
    let now = new Date('2024-07-24T12:00:00Z');
    const store = new MemoryStore();
    const handles = new HandleStore(store, () => now, { ttlMaxMs: 60 * MIN, keepExpiredMs: 10 * MIN });
    return { handles, store, at: (iso) => void (now = new Date(iso)) };
  }

  it('caps every lifetime at HANDLE_TTL_MAX', async () => {
    const { handles } = setup();
    const id = await handles.create<'job'>({ ...job, ttlMs: 7 * 24 * 60 * MIN });
    expect((await handles.get(id))?.value.expiresAt).toBe('2024-07-24T13:00:00.000Z');
  });

  it('sweeps handles expired longer ago than the grace, in bounded batches, and leaves live or recently expired ones', async () => {
    const { handles } = setup();
    const short = await Promise.all(Array.from({ length: 30 }, () => handles.create<'job'>({ ...job, ttlMs: 5 * MIN })));
    const long = await handles.create<'job'>({ ...job, ttlMs: 30 * MIN });
    // At 12:14 the short ones expired 9 min ago: inside the 10-minute grace, so they stay.
    expect(await handles.sweep.sweep(new Date('2024-07-24T12:14:00Z'), 100)).toBe(0);
    const now = new Date('2024-07-24T12:16:00Z');
    expect(await handles.sweep.sweep(now, 10)).toBe(10);
    expect(await handles.sweep.sweep(now, 100)).toBe(20);
    expect(await handles.sweep.sweep(now, 100)).toBe(0);
    for (const id of short) expect(await handles.get(id)).toBeUndefined();
    expect(await handles.get(long)).toBeDefined();
  });

  it('spreads handles over the 16 hash partitions', async () => {
    const { handles, store } = setup();
    await Promise.all(Array.from({ length: 200 }, () => handles.create<'job'>({ ...job, ttlMs: MIN })));
    const col = store.collection('handles', (r) => r, hashed);
    const used = new Set<string>();
    for (const p of hashed.partitions ?? []) if ((await col.range(p, { limit: 1000 })).length) used.add(p);
    expect(used.size).toBe(16);
  });

  it('an id without a stamp (the old format, or an approval id) is not a handle', async () => {
    const { handles } = setup();
    expect(await handles.get('A'.repeat(22))).toBeUndefined();
  });
});
