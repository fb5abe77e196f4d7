import { pooledRandomBytes } from '../../../src/shared/random-pool';

describe('pooledRandomBytes', () => {
  it('hands out distinct bytes across pool refills, and a view kept is never overwritten', () => {
    const first = pooledRandomBytes(16);
    const kept = Buffer.from(first);
    const seen = new Set<string>([kept.toString('hex')]);
    // 1,000 IVs: about four pools of 4 KiB.
    for (let i = 0; i < 1_000; i++) seen.add(pooledRandomBytes(16).toString('hex'));
    expect(seen.size).toBe(1_001);
    expect(first.equals(kept)).toBe(true);
    expect(pooledRandomBytes(4)).toHaveLength(4);
  });
});
