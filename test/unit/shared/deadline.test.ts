import { createLogger } from '../../../src/shared/logger';
import { startTurnWork } from '../../../src/shared/deadline';

const later = <T>(ms: number, value: T): Promise<T> => new Promise((r) => setTimeout(() => r(value), ms));

function capture(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('warn', { write: (l: string) => void lines.push(l) }), lines };
}

describe('startTurnWork: answer within the deadline, finish in the background', () => {
  it('work that beats the deadline gives its value', async () => {
    const w = startTurnWork(() => later(5, 'done'), capture().logger, 'test');
    await expect(w.within(500)).resolves.toEqual({ done: true, value: 'done' });
  });

  it('work that misses the deadline is not stopped: the turn answers, and afterwards sees the value', async () => {
    let finished = false;
    const w = startTurnWork(async () => {
      await later(80, undefined);
      finished = true;
      return 42;
    }, capture().logger, 'test');
    const t0 = Date.now();
    await expect(w.within(20)).resolves.toEqual({ done: false });
    expect(Date.now() - t0).toBeLessThan(70);
    expect(finished).toBe(false);
    const outcome = await new Promise<PromiseSettledResult<number>>((resolve) => w.afterwards(async (o) => resolve(o)));
    expect(outcome).toEqual({ status: 'fulfilled', value: 42 });
    expect(finished).toBe(true);
  });

  it('a failure within the deadline is thrown to the turn; a late one reaches afterwards as a value, not an unhandled rejection', async () => {
    const boom = new Error('boom');
    await expect(startTurnWork(() => Promise.reject(boom), capture().logger, 'test').within(500)).rejects.toBe(boom);
    const late = startTurnWork(async () => {
      await later(30, undefined);
      throw boom;
    }, capture().logger, 'test');
    await expect(late.within(5)).resolves.toEqual({ done: false });
    const outcome = await new Promise<PromiseSettledResult<never>>((resolve) => late.afterwards(async (o) => resolve(o)));
    expect(outcome).toEqual({ status: 'rejected', reason: boom });
  });

  it('afterwards registered once the work already settled still runs; its own failure is logged, never swallowed', async () => {
    const { logger, lines } = capture();
    const w = startTurnWork(() => Promise.resolve('x'), logger, 'the cancel follow-up');
    await w.within(100);
    await new Promise<void>((resolve) => w.afterwards(async () => {
      setImmediate(resolve);
      throw new Error('teams said no');
    }));
    await later(5, undefined);
    expect(lines.join('\n')).toMatch(/could not tell the user how background work ended/);
    expect(lines.join('\n')).toContain('the cancel follow-up');
    expect(lines.join('\n')).toContain('teams said no');
  });
});
