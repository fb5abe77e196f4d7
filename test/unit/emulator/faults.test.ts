import { Faults } from '../../../src/emulator/faults';

/** Scripted fault steps aimed at one operation, and held back until another operation was called. */
describe('emulator fault steps: op and after', () => {
  it('a step with `op` waits for a call of that operation; other calls pass it by', () => {
    const f = new Faults(1);
    f.queueFaults({ status: 429, retryAfter: 1, op: 'lroPoll' });
    expect(f.decide('arm', 'jobGet')).toEqual({ kind: 'none' });
    expect(f.decide('arm', 'jobCancel')).toEqual({ kind: 'none' });
    expect(f.decide('arm', 'lroPoll')).toEqual({ kind: 'status', status: 429, retryAfter: 1, code: 'TooManyRequests' });
    expect(f.decide('arm', 'lroPoll')).toEqual({ kind: 'none' });
  });

  it('a step with `after` is armed by a call of that operation, which does not get it itself', () => {
    const f = new Faults(1);
    f.queueFaults({ status: 503, op: 'jobGet', after: 'jobCancel' }, { status: 500, after: 'jobCancel' });
    expect(f.decide('arm', 'jobGet')).toEqual({ kind: 'none' }); // the read before the cancel stays clean
    expect(f.decide('arm', 'jobCancel')).toEqual({ kind: 'none' });
    expect(f.decide('arm', 'jobGet')).toMatchObject({ kind: 'status', status: 503 });
    expect(f.decide('arm', 'workspaceGet')).toMatchObject({ kind: 'status', status: 500 });
    expect(f.current().queued).toEqual([]);
  });

  it('clear() forgets armed steps too', () => {
    const f = new Faults(1);
    f.queueFaults({ status: 429, after: 'jobCancel' });
    f.decide('arm', 'jobCancel');
    f.clear();
    f.queueFaults({ status: 429, after: 'jobCancel' });
    expect(f.decide('arm', 'jobGet')).toEqual({ kind: 'none' });
  });
});
