import { TtlCache } from '../../../src/message-extensions/link-cache';
import { triageOf } from '../../../src/message-extensions/job-reader';

describe('TtlCache', () => {
  let t = 0;
  const now = (): Date => new Date(t);
  beforeEach(() => {
    t = 1_000_000;
  });

  it('answers within the time limit and forgets after it', () => {
    const c = new TtlCache<string>(60_000, 10, now);
    c.set('prod/j1', 'a');
    t += 59_999;
    expect(c.get('prod/j1')).toBe('a');
    t += 1;
    expect(c.get('prod/j1')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('never holds more than its bound: the oldest entry goes first', () => {
    const c = new TtlCache<number>(60_000, 3, now);
    for (let i = 0; i < 5; i++) c.set(`k${i}`, i);
    expect(c.size).toBe(3);
    expect(c.get('k0')).toBeUndefined();
    expect(c.get('k1')).toBeUndefined();
    expect(c.get('k4')).toBe(4);
  });

  it('a new value for a key restarts its time', () => {
    const c = new TtlCache<string>(1_000, 3, now);
    c.set('k', 'old');
    t += 900;
    c.set('k', 'new');
    t += 900;
    expect(c.get('k')).toBe('new');
  });
});

describe('triageOf', () => {
  it('classifies a known failure by the summarizer\'s rules', () => {
    const t = triageOf('torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity)');
    expect(t.label).toMatch(/memory/i);
    expect(t.headline).toMatch(/out of memory/i);
  });

  it('an error no rule knows is hedged as the summary card hedges it, headed by its first line clipped to one card line', () => {
    const t = triageOf(`\n  Something odd happened ${'x'.repeat(300)}\nsecond line`);
    expect(t.label).toBe('Likely: User code error');
    expect(t.headline.startsWith('Something odd happened')).toBe(true);
    expect(t.headline.length).toBeLessThanOrEqual(160);
  });

  it('says the same as the summary card: a weak signal is "Likely", a firm one is not', () => {
    expect(triageOf('Failed to get SAS URL from artifact service; artifact is invalid or does not exist.').label).toMatch(/^Likely: /);
    expect(triageOf('ModuleNotFoundError: No module named \'lightgbm\'').label).toBe('Missing module or environment problem');
  });
});
