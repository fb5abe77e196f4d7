import { RecentKeys } from '../../../src/notifications/recent-keys';

describe('RecentKeys: what the poller saw lately, bounded by time, not by history', () => {
  it('a key seen every generation stays known; one not seen for two generations is forgotten', () => {
    let t = 0;
    const k = new RecentKeys(() => t, 1_000);
    k.add('job-a|failed');
    k.add('job-b|failed');
    t = 1_000; // second generation: a is seen again, b is not
    expect(k.has('job-a|failed')).toBe(true);
    t = 2_000; // third: a was carried over, b was only in the first
    expect(k.has('job-a|failed')).toBe(true);
    expect(k.has('job-b|failed')).toBe(false);
  });

  it('memory stays flat while new keys keep coming (the soak\'s case): at most two generations are held', () => {
    let t = 0;
    const k = new RecentKeys(() => t, 1_000, 100_000);
    const sizes: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      t = i * 10; // 100 new keys per generation
      k.add(`job-${i}|completed`);
      if (i % 5_000 === 4_999) sizes.push(k.size);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200);
    expect(sizes.at(-1)).toBe(sizes[0]);
  });

  it('a burst larger than a generation\'s cap turns the generation over early', () => {
    const k = new RecentKeys(() => 0, 60_000, 10);
    for (let i = 0; i < 35; i++) k.add(`k${i}`);
    expect(k.size).toBeLessThanOrEqual(20);
    expect(k.has('k34')).toBe(true);
    expect(k.has('k0')).toBe(false);
  });
});
