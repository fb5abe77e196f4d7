import { parse } from '../../../src/grammars';
import { StormTracker } from '../../../src/notifications/storm-tracker';
import { MemoryStore } from '../../../src/storage/memory-store';

describe('StormTracker', () => {
  it('switches to a digest past the threshold within the window, and starts over after it', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const s = new StormTracker(new MemoryStore(), () => now, 3, 10 * 60_000);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await s.record('dev', 'sweep-1', { name: `sweep-1_${i}`, status: 'Failed' }));
    expect(results.map((r) => r.digest)).toEqual([false, false, false, true, true]);
    expect(results[4]!.children.map((c) => c.name)).toHaveLength(5);
    now = new Date(now.getTime() + 11 * 60_000);
    const later = await s.record('dev', 'sweep-1', { name: 'sweep-1_9', status: 'Failed' });
    expect(later).toEqual({ digest: false, children: [{ name: 'sweep-1_9', status: 'Failed' }] });
  });

  it('counts a child once even when reported twice', async () => {
    const s = new StormTracker(new MemoryStore(), () => new Date(), 1);
    await s.record('dev', 'p', { name: 'c', status: 'Failed' });
    expect((await s.record('dev', 'p', { name: 'c', status: 'Failed' })).children).toHaveLength(1);
  });
});

describe('notification commands grammar', () => {
  it.each([
    ['subscribe dev', { kind: 'subscribe', workspace: 'dev', mode: 'failures', filters: {} }],
    ['subscribe prod all type=Pipeline', { kind: 'subscribe', workspace: 'prod', mode: 'all', filters: { type: 'Pipeline' } }],
    ['subscribe prod terminal tag=team=fraud experiment=x', { kind: 'subscribe', workspace: 'prod', mode: 'terminal', filters: { tag: { key: 'team', value: 'fraud' }, experiment: 'x' } }],
    ['subscribe dev stuck queued>30m running>6h', { kind: 'subscribe', workspace: 'dev', mode: 'stuck', filters: {}, stuck: { queuedMinutes: 30, runningHours: 6 } }],
    ['subscribe dev stuck', { kind: 'subscribe', workspace: 'dev', mode: 'stuck', filters: {}, stuck: { queuedMinutes: 30, runningHours: 6 } }],
    ['subscriptions', { kind: 'subscriptions' }],
    ['unsubscribe all', { kind: 'unsubscribe', target: { all: true } }],
    ['unsubscribe prod', { kind: 'unsubscribe', target: { workspace: 'prod' } }],
    ['mute fraud-hparams in prod for 24h', { kind: 'mute', name: 'fraud-hparams', workspace: 'prod', hours: 24 }],
    ['mute job train-1 for 2h', { kind: 'mute', name: 'train-1', hours: 2, as: 'job' }],
    ['unmute fraud-hparams in prod', { kind: 'unmute', name: 'fraud-hparams', workspace: 'prod' }],
  ])('%s', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command: expect.objectContaining(command) });
  });

  it.each(['subscribe', 'subscribe dev weekly', 'subscribe dev color=red', 'mute x', 'mute x for 0h', 'mute x for 999h', 'unsubscribe', 'subscriptions now', 'unmute x in'])(
    '%s is refused with a hint',
    (text) => {
      const r = parse(text);
      expect(r.ok).toBe(false);
    },
  );
});
