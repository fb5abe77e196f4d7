import { keyOf } from '../../../src/conversations/conversation-store';
import { SubscriptionStore } from '../../../src/notifications/subscription-store';
import { MemoryStore } from '../../../src/storage/memory-store';
import { readAll } from '../../helpers/read-all';

const sub = (workspace: string, conversationId: string) => ({
  conversationKey: keyOf(conversationId), reference: { conversation: { id: conversationId } }, workspace, mode: 'failures' as const,
  filters: {}, createdBy: 'a', createdAt: '2024-07-24T12:00:00Z',
});

describe('SubscriptionStore partitions', () => {
  it('keeps each workspace in its own partition: the fan-out reads one workspace, a conversation reads each workspace once', async () => {
    const store = new MemoryStore();
    const s = new SubscriptionStore(store, ['dev', 'prod']);
    await s.add(sub('dev', 'c1'));
    await s.add(sub('prod', 'c1'));
    await s.add(sub('dev', 'c2'));
    expect((await s.forWorkspace('dev')).map((x) => x.conversationKey).sort()).toEqual([keyOf('c1'), keyOf('c2')].sort());
    expect((await s.forConversation('c1')).map((x) => x.value.workspace)).toEqual(['dev', 'prod']);
    const rows = await readAll(store.collection('subscriptions', (r) => r));
    expect(rows.map((r) => r.key.split('|')[0]).sort()).toEqual(['dev', 'dev', 'prod']);
  });

  it('ids are unique within a conversation across workspaces, and unsubscribe by id, workspace or all works', async () => {
    const s = new SubscriptionStore(new MemoryStore(), ['dev', 'prod']);
    const a = await s.add(sub('dev', 'c1'));
    const b = await s.add(sub('prod', 'c1'));
    expect(a.id).not.toBe(b.id);
    expect(await s.remove('c1', { id: a.id })).toBe(1);
    expect(await s.remove('c1', { workspace: 'prod' })).toBe(1);
    expect(await s.forConversation('c1')).toEqual([]);
  });

  it('markStale finds the subscription with or without its conversation', async () => {
    const s = new SubscriptionStore(new MemoryStore(), ['dev', 'prod']);
    const a = await s.add(sub('prod', 'c1'));
    const b = await s.add(sub('dev', 'c2'));
    await s.markStale(a.id, '403 from Teams', keyOf('c1'));
    await s.markStale(b.id, '404 from Teams');
    expect((await s.forWorkspace('prod'))[0]).toMatchObject({ health: 'stale', staleReason: '403 from Teams' });
    expect((await s.forWorkspace('dev'))[0]).toMatchObject({ health: 'stale', staleReason: '404 from Teams' });
  });
});
