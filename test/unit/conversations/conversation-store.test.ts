import { ConversationStore } from '../../../src/conversations/conversation-store';
import { MemoryStore } from '../../../src/storage/memory-store';

const personal = { conversation: { id: 'a:marco-personal', conversationType: 'personal' }, serviceUrl: 'http://127.0.0.1:1/' };
const now = (): Date => new Date('2026-11-22T08:00:00Z');

describe('ConversationStore: display names', () => {
  it('an install event without a name does not make an approver "someone"; the next named activity records the name', async () => {
    const store = new MemoryStore();
    const s = new ConversationStore(store, now);
    await s.remember(personal as never, { id: '29:marco', aadObjectId: 'b2' }, 'personal');
    expect((await s.user('b2'))?.personal).toBeDefined();
    await s.remember(personal as never, { id: '29:marco', name: 'Marco Manager', aadObjectId: 'b2' }, 'personal');
    expect((await s.user('b2'))?.name).toBe('Marco Manager');
    // A second process (fresh cache) seeing a nameless event keeps the stored name.
    const other = new ConversationStore(store, now);
    await other.remember(personal as never, { id: '29:marco', aadObjectId: 'b2' }, 'personal');
    expect((await other.user('b2'))?.name).toBe('Marco Manager');
    expect(await other.userByName('Marco Manager')).toEqual({ aadObjectId: 'b2', name: 'Marco Manager' });
    expect(await other.userByName('someone')).toBeUndefined();
  });
});
