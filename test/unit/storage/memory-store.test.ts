import { HANDLE_ID, HandleStore } from '../../../src/actions/handle-store';
import { MemoryStore } from '../../../src/storage/memory-store';
import { describeStoreContract } from './store-contract';

const store = new MemoryStore();
describeStoreContract('MemoryStore', () => store);

describe('MemoryStore matches TableStore (regressions)', () => {
  // Was a bug (fixed): MemoryStore.delete skips assertSafeKey while TableStore.delete applies it, so a feature
  // that deletes with an unsafe key passes unit tests and throws in production.
  it('rejects an unsafe key on delete, like TableStore', async () => {
    const c = new MemoryStore().collection('d', (raw) => raw);
    await expect(c.delete('a/b')).rejects.toThrow('unsafe storage key');
  });
});

describe('HandleStore on the memory store', () => {
  const now = new Date('2024-07-24T12:00:00Z');
  const handles = new HandleStore(new MemoryStore(), () => now);
  const job = { kind: 'job' as const, workspace: 'prod', job: 'train-42', conversationId: 'a:conv-1' };

  it('creates unguessable ids (an 8-hex expiry stamp, then 22 random characters) with created and expiry times', async () => {
    const id = await handles.create<'job'>({ ...job, ttlMs: 60_000 });
    expect(id).toMatch(HANDLE_ID);
    expect(id).toMatch(/^[0-9a-f]{8}[A-Za-z0-9_-]{22}$/);
    expect(parseInt(id.slice(0, 8), 16)).toBe(Date.parse('2024-07-24T12:01:00Z') / 1000);
    expect((await handles.get(id))?.value).toEqual({ ...job, createdAt: '2024-07-24T12:00:00.000Z', expiresAt: '2024-07-24T12:01:00.000Z' });
  });

  it('answers undefined for ids that are not handle-shaped, without touching storage', async () => {
    for (const id of ['', 'short', '../../etc/passwd', 'a/b#c?dAAAAAAAAAAAAAAAA', `${'A'.repeat(22)}=`]) {
      await expect(handles.get(id)).resolves.toBeUndefined();
    }
  });

  it('refuses a stale update', async () => {
    const id = await handles.create<'job'>({ ...job, ttlMs: 1 });
    const got = await handles.get(id);
    if (!got) throw new Error('missing');
    expect((await handles.put(id, got.value, got.etag)).ok).toBe(true);
    expect(await handles.put(id, got.value, got.etag)).toEqual({ ok: false, reason: 'conflict' });
  });
});
