import { HandleStore, JOB_HANDLE_TTL_MS, PAGE_TTL_MS } from '../../../src/actions/handle-store';
import { READ_HANDLE, ReadHandleSigner, bindingOf } from '../../../src/actions/read-handles';
import { WriteCounter } from '../../helpers/counting-store';
import { MemoryStore } from '../../../src/storage/memory-store';

const KEY_A = Buffer.from('a'.repeat(40));
const KEY_B = Buffer.from('b'.repeat(40));
const NOW = new Date('2026-12-05T03:00:00Z');
const CONV = 'a:conv-1';
const job = { workspace: 'prod', job: 'train-42', conversationId: CONV };

function storeWith(current: Buffer, previous?: Buffer, now: () => Date = () => NOW): { handles: HandleStore; writes: WriteCounter } {
  const writes = new WriteCounter();
  const handles = new HandleStore(writes.wrap(new MemoryStore()), now, undefined, new ReadHandleSigner({ current, previous }));
  return { handles, writes };
}

describe('sealed read handles (issue 13)', () => {
  it('a job handle opens to its job in its conversation, and making it writes nothing', async () => {
    const { handles, writes } = storeWith(KEY_A);
    const h = handles.job(job);
    expect(h).toMatch(READ_HANDLE);
    // A job button's facts are the card's own (workspace, job): sealed in clear, MAC only.
    expect(Buffer.from(h.split('.')[1]!, 'base64url').toString()).toMatch(/^p\{.*"w":"prod","j":"train-42"/);
    const r = await handles.resolve(h, CONV);
    expect(r?.value).toEqual({ kind: 'job', workspace: 'prod', job: 'train-42', conversationId: CONV, createdAt: '', expiresAt: new Date(NOW.getTime() + JOB_HANDLE_TTL_MS).toISOString() });
    expect(r?.etag).toBeUndefined();
    expect(writes.writes).toEqual([]);
  });

  it('a More handle carries the query and the position, sealed (no subscription id or identity in the clear)', async () => {
    const { handles } = storeWith(KEY_A);
    const query = { statuses: ['Failed'], mine: { name: 'Alice', aadObjectId: 'aad-1' }, top: 10 };
    const armNext = 'https://management.azure.com/subscriptions/0000-sub/resourceGroups/rg/providers/x/jobs?$skipToken=abc';
    const h = handles.listMore({ workspace: 'dev', query, armNext, skipInPage: 3, pageNumber: 2, conversationId: CONV });
    expect(h).not.toMatch(/0000-sub|aad-1|Alice/);
    expect(Buffer.from(h.split('.')[1]!, 'base64url').toString('latin1')).not.toMatch(/0000-sub|aad-1|Alice|skipToken/);
    const r = await handles.resolve(h, CONV);
    expect(r?.value).toMatchObject({ kind: 'list-page', workspace: 'dev', query, armNext, skipInPage: 3, pageNumber: 2, hasMore: true, rows: [] });
    expect(r?.value.expiresAt).toBe(new Date(NOW.getTime() + PAGE_TTL_MS).toISOString());
  });

  it('the expiry is capped by HANDLE_TTL_MAX', async () => {
    const handles = new HandleStore(new MemoryStore(), () => NOW, { ttlMaxMs: 60_000, keepExpiredMs: 0 }, new ReadHandleSigner({ current: KEY_A }));
    expect((await handles.resolve(handles.job(job), CONV))?.value.expiresAt).toBe('2026-12-05T03:01:00.000Z');
  });

  it('refuses another conversation, but accepts another thread of the same channel', async () => {
    const { handles } = storeWith(KEY_A);
    expect(await handles.resolve(handles.job(job), 'a:conv-2')).toBeUndefined();
    expect(await handles.resolve(handles.job(job), `${CONV}x`)).toBeUndefined();
    const channel = '19:abc@thread.tacv2';
    const h = handles.job({ ...job, conversationId: `${channel};messageid=1` });
    expect((await handles.resolve(h, `${channel};messageid=2`))?.value).toMatchObject({ job: 'train-42' });
    expect(await handles.resolve(h, '19:other@thread.tacv2')).toBeUndefined();
    expect(bindingOf(`${channel};messageid=9`)).toBe(channel);
    expect(bindingOf('a:x;messageid=9')).toBe('a:x;messageid=9');
  });

  it('refuses every altered character of the payload and of the MAC', async () => {
    const { handles } = storeWith(KEY_A);
    const h = handles.job(job);
    const refused: boolean[] = [];
    for (let i = 3; i < h.length; i++) {
      if (h[i] === '.') continue;
      const altered = h.slice(0, i) + (h[i] === 'A' ? 'B' : 'A') + h.slice(i + 1);
      refused.push((await handles.resolve(altered, CONV)) === undefined);
    }
    // The last character of each base64url part carries padding bits; changing only those may decode to the same bytes.
    expect(refused.filter((r) => !r).length).toBeLessThanOrEqual(2);
    expect(refused.length).toBeGreaterThan(100);
  });

  it('refuses a handle made with another key (forged)', async () => {
    const forger = storeWith(Buffer.from('f'.repeat(40))).handles;
    expect(await storeWith(KEY_A).handles.resolve(forger.job(job), CONV)).toBeUndefined();
  });

  it('rotation: the previous key is accepted while configured; after the window (previous removed) it is refused', async () => {
    const old = storeWith(KEY_A).handles.job(job);
    const rotating = storeWith(KEY_B, KEY_A).handles;
    expect((await rotating.resolve(old, CONV))?.value).toMatchObject({ job: 'train-42' });
    // New handles are sealed with the new key: an instance not yet rotated (A only) refuses them, one with B reads them.
    const fresh = rotating.job(job);
    expect(await storeWith(KEY_A).handles.resolve(fresh, CONV)).toBeUndefined();
    expect((await storeWith(KEY_B).handles.resolve(fresh, CONV))?.value).toMatchObject({ job: 'train-42' });
    const after = storeWith(KEY_B).handles;
    expect(await after.resolve(old, CONV)).toBeUndefined();
  });

  it('reports the expiry so the caller can say "expired" (the MAC still holds after it)', async () => {
    let now = NOW;
    const { handles } = storeWith(KEY_A, undefined, () => now);
    const h = handles.job(job);
    now = new Date(NOW.getTime() + JOB_HANDLE_TTL_MS + 1);
    const r = await handles.resolve(h, CONV);
    expect(new Date(r!.value.expiresAt).getTime()).toBeLessThan(now.getTime());
  });

  it('still resolves stored handles (state-changing kinds) with their ETag, bound to their conversation', async () => {
    const { handles, writes } = storeWith(KEY_A);
    const id = await handles.create<'mute'>({ kind: 'mute', workspace: 'dev', experiment: 'e', hours: 24, conversationId: CONV, ttlMs: 60_000 });
    expect(writes.writes).toHaveLength(1);
    const r = await handles.resolve(id, CONV);
    expect(r?.value.kind).toBe('mute');
    expect(r?.etag).toEqual(expect.any(String));
    expect(await handles.resolve(id, 'a:conv-2')).toBeUndefined();
  });

  it('a handle whose MAC holds but whose format byte is unknown is refused (and a clear one cannot pass as encrypted)', async () => {
    const signer = new ReadHandleSigner({ current: KEY_A });
    const handles = new HandleStore(new MemoryStore(), () => NOW, undefined, signer);
    const h = handles.job(job);
    const blob = Buffer.from(h.split('.')[1]!, 'base64url');
    blob[0] = 'x'.charCodeAt(0);
    // Re-MAC with the real key, as only a key holder could: the format byte is still checked.
    const { createHmac, hkdfSync } = await import('node:crypto');
    const mac = createHmac('sha256', Buffer.from(hkdfSync('sha256', KEY_A, Buffer.from('jobops-read-handles'), 'mac', 32)))
      .update(Buffer.from('jobops-read-handle/r1\0')).update(CONV).update(Buffer.from([0])).update(blob).digest();
    expect(await handles.resolve(`r1.${blob.toString('base64url')}.${mac.toString('base64url')}`, CONV)).toBeUndefined();
    blob[0] = 'p'.charCodeAt(0);
    const ok = createHmac('sha256', Buffer.from(hkdfSync('sha256', KEY_A, Buffer.from('jobops-read-handles'), 'mac', 32)))
      .update(Buffer.from('jobops-read-handle/r1\0')).update(CONV).update(Buffer.from([0])).update(blob).digest();
    expect((await handles.resolve(`r1.${blob.toString('base64url')}.${ok.toString('base64url')}`, CONV))?.value).toMatchObject({ job: 'train-42' });
  });

  it('garbage in the read-handle shape is refused without throwing', async () => {
    const { handles } = storeWith(KEY_A);
    for (const h of [`r1.${'A'.repeat(24)}.${'A'.repeat(43)}`, `r1.${'_'.repeat(200)}.${'-'.repeat(43)}`, 'r1..', 'r1.x.y']) {
      await expect(handles.resolve(h, CONV)).resolves.toBeUndefined();
    }
  });
});
