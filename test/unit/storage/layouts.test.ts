import { SHARD_NAMES, hashed, leading, shardOf, single } from '../../../src/storage/layouts';

describe('partition layouts', () => {
  it('shardOf is stable (the same key always lands in the same partition, across processes and releases)', () => {
    // Fixed expectations: a change of hash would strand every stored row in the wrong partition.
    expect(['', 'a', 'conversation-1', 'ZmFrZQ'].map(shardOf)).toEqual(['5', 'c', '0', 'd']);
    expect(shardOf('a')).toBe(shardOf('a'));
  });

  it('spreads keys over all 16 shards roughly evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 16_000; i++) counts.set(shardOf(`conv-${i}`), (counts.get(shardOf(`conv-${i}`)) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...SHARD_NAMES]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(800);
  });

  it('single keeps everything in p; hashed has no prefix partition', () => {
    expect(single.partitionOf('x')).toBe('p');
    expect(single.partitionOfPrefix('')).toBe('p');
    expect(hashed.partitionOf('x')).toBe(shardOf('x'));
    expect(hashed.partitionOfPrefix('x')).toBeUndefined();
  });

  it('leading(n) takes the first n segments, raw or hashed, and refuses a prefix that does not fix them', () => {
    const ws = leading(1, false);
    expect(ws.partitionOf('prod|conv|id')).toBe('prod');
    expect(ws.partitionOfPrefix('prod|conv|')).toBe('prod');
    expect(ws.partitionOfPrefix('prod')).toBeUndefined();
    expect(() => ws.partitionOf('no-separator')).toThrow('leading segment');
    const job = leading(2, true);
    expect(job.partitionOf('prod|train-1|2024')).toBe(shardOf('prod|train-1'));
    expect(job.partitionOfPrefix('prod|train-1|')).toBe(shardOf('prod|train-1'));
    expect(job.partitionOfPrefix('prod|')).toBeUndefined();
    expect(job.partitions).toEqual(SHARD_NAMES);
  });
});
