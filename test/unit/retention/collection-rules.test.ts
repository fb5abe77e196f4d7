import { ApprovalRequest } from '../../../src/approvals/approval-request';
import { ApprovalStore } from '../../../src/approvals/approval-store';
import { Job } from '../../../src/azureml/types';
import { EventInbox } from '../../../src/notifications/intake/event-inbox';
import { MuteStore } from '../../../src/notifications/mute-store';
import { StoreNoticeIndex } from '../../../src/notifications/notice-index';
import { ObservedStore } from '../../../src/notifications/observed-store';
import { StormTracker } from '../../../src/notifications/storm-tracker';
import { ExpiryIndex } from '../../../src/storage/expiry-index';
import { MemoryStore } from '../../../src/storage/memory-store';
import { readAll } from '../../helpers/read-all';

const HOUR = 3_600_000;

/** Each collection's expiry handler deletes a row only when it is really done; the index entry is only a hint. */
describe('retention rules per collection', () => {
  let t = Date.parse('2024-07-24T12:00:00Z');
  const now = (): Date => new Date(t);
  beforeEach(() => void (t = Date.parse('2024-07-24T12:00:00Z')));

  it('observed: a row goes after the retention; a status older than half of it is old news', async () => {
    const o = new ObservedStore(new MemoryStore(), now, 10 * HOUR);
    await o.mark('k');
    expect(await o.has('k')).toBe(true);
    await o.expire('k');
    expect(await o.has('k')).toBe(false);
    const job = (endedAt: number): Job => ({ endedAt: new Date(endedAt) }) as Job;
    expect(o.isOldNews(job(t - 4 * HOUR))).toBe(false);
    expect(o.isOldNews(job(t - 6 * HOUR))).toBe(true);
    expect(o.isOldNews({ startedAt: new Date(t - 6 * HOUR) } as Job)).toBe(true);
    expect(o.isOldNews({} as Job)).toBe(false);
  });

  it('notice index: only a row not updated since the hint goes', async () => {
    const n = new StoreNoticeIndex(new MemoryStore(), now, HOUR);
    await n.remember('notice-1', 'act-1');
    t += 30 * 60_000;
    await n.remember('notice-1', 'act-2');
    t += 31 * 60_000;
    const key = Buffer.from('notice-1').toString('base64url');
    await n.expire(key); // the first hint: the row was updated since
    expect(await n.activityId('notice-1')).toBe('act-2');
    t += 30 * 60_000;
    await n.expire(key);
    expect(await n.activityId('notice-1')).toBeUndefined();
  });

  it('mutes: a mute goes once it has run out, not before', async () => {
    const store = new MemoryStore();
    const m = new MuteStore(store, now);
    await m.mute('conv-1', { kind: 'experiment', name: 'exp', workspace: 'dev', until: new Date(t + HOUR).toISOString(), by: 'a' });
    const [row] = await readAll(store.collection('mutes', (r) => r));
    await m.expire(row!.key);
    expect(await m.isMuted(Buffer.from('conv-1').toString('base64url'), 'dev', 'job', 'exp')).toBe(true);
    t += HOUR + 1;
    await m.expire(row!.key);
    expect(await readAll(store.collection('mutes', (r) => r))).toEqual([]);
  });

  it('storms: a row carries its own window, so trackers with different windows sharing the table expire correctly', async () => {
    const store = new MemoryStore();
    const short = new StormTracker(store, now, 3, 10 * 60_000);
    const long = new StormTracker(store, now, 1, 60 * 60_000);
    await long.record('dev', 'cause-1', { name: 'c1', status: 'Failed' });
    const [row] = await readAll(store.collection('storms', (r) => r));
    t += 30 * 60_000;
    await short.expire(row!.key); // the short tracker's sweep must not cut the long window
    expect(await readAll(store.collection('storms', (r) => r))).toHaveLength(1);
    t += 30 * 60_000;
    await short.expire(row!.key);
    expect(await readAll(store.collection('storms', (r) => r))).toEqual([]);
  });

  it('storms: a window row goes when its window is over', async () => {
    const store = new MemoryStore();
    const s = new StormTracker(store, now, 3, 10 * 60_000);
    await s.record('dev', 'pipe-1', { name: 'c1', status: 'Failed' });
    const [row] = await readAll(store.collection('storms', (r) => r));
    await s.expire(row!.key);
    expect(await readAll(store.collection('storms', (r) => r))).toHaveLength(1);
    t += 10 * 60_000;
    await s.expire(row!.key);
    expect(await readAll(store.collection('storms', (r) => r))).toEqual([]);
  });

  it('approvals: a decided request gets a hint and goes; a live one is never deleted', async () => {
    const store = new MemoryStore();
    const index = new ExpiryIndex(store);
    const a = new ApprovalStore(store, ['prod'], { index, keepMs: HOUR, now });
    const req = {
      action: 'cancel', workspace: 'prod', job: 'j1', facts: { type: 'command', status: 'Running', experiment: 'e' },
      requester: { id: '29:a', name: 'A' }, state: 'pending', createdAt: now().toISOString(), expiresAt: new Date(t + HOUR).toISOString(),
      posts: [], viewers: [], approvers: [], escalated: false, originConversationId: 'g:1', originReference: {},
    } as unknown as ApprovalRequest;
    const created = await a.create(req);
    if (!created.created) throw new Error('not created');
    await a.expire(created.id);
    expect(await a.get(created.id)).toBeDefined();
    const cur = (await a.get(created.id))!;
    expect((await a.put(created.id, { ...cur.value, state: 'rejected' }, cur.etag)).ok).toBe(true);
    expect(await a.listOpen()).toEqual([]);
    const hints = (await Promise.all([...'0123456789abcdef'].map((s) => index.due(s, new Date(t + HOUR + 1000), 10)))).flat();
    expect(hints).toEqual([expect.objectContaining({ collection: 'approvals', key: created.id })]);
    await a.expire(created.id);
    expect(await a.get(created.id)).toBeUndefined();
  });

  it('event inbox: a parked row gets a hint and goes; a row being retried stays', async () => {
    const store = new MemoryStore();
    const inbox = new EventInbox(store, now, { index: new ExpiryIndex(store), keepMs: HOUR });
    await inbox.add([{ id: 'e1', workspace: 'dev', eventType: 't', runId: 'r1' }, { id: 'e2', workspace: 'dev', eventType: 't', runId: 'r2' }]);
    const [r1, r2] = (await inbox.all()).sort((x, y) => x.key.localeCompare(y.key));
    await inbox.update(r1!, { ...r1!.value, parked: true });
    await inbox.update(r2!, { ...r2!.value, attempts: 1 });
    await inbox.expire('e1');
    await inbox.expire('e2');
    expect((await inbox.all()).map((r) => r.key)).toEqual(['e2']);
  });
});
