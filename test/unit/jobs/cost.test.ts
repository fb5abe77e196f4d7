import { Run, VmSizeInfo } from '../../../src/azureml/types';
import { costSoFar, costText, perHourText } from '../../../src/jobs/cost';

const NOW = new Date('2026-12-01T10:00:00Z');
const ago = (min: number): Date => new Date(NOW.getTime() - min * 60_000);
const ND96: VmSizeInfo = { name: 'Standard_ND96asr_v4', family: 'nd', vCpus: 96, gpus: 8, prices: { currency: 'USD', standard: 27.2, lowPriority: 5.44 } };

describe('cost so far', () => {
  it('instance count × run time × GPUs, estimated at list price, and the hourly rate of continuing', () => {
    const c = costSoFar({ nodes: 2, startedAt: ago(90), size: ND96, lowPriority: false, now: NOW })!;
    expect(c.nodeHours).toBeCloseTo(3);
    expect(c.gpuHours).toBeCloseTo(24);
    expect(costText(c)).toBe('3.0 node-hours, 24 GPU-hours, about $82 (estimate at list price)');
    expect(perHourText(c)).toBe('about $54 per hour (2 nodes, estimate at list price)');
  });

  it('low priority uses the low-priority price; an ended job has no hourly rate', () => {
    const c = costSoFar({ nodes: 1, startedAt: ago(60), endedAt: ago(30), size: ND96, lowPriority: true, now: NOW })!;
    expect(c.estimate?.amount).toBeCloseTo(2.72);
    expect(perHourText(c)).toBeUndefined();
  });

  it('a sweep sums its trials, one node each; running trials set the hourly rate', () => {
    const trials: Run[] = [
      { runId: 't0', status: 'Completed', startedAt: ago(120), endedAt: ago(60) },
      { runId: 't1', status: 'Running', startedAt: ago(30) },
      { runId: 't2', status: 'Queued' },
    ];
    const c = costSoFar({ nodes: 0, children: trials, size: ND96, lowPriority: false, now: NOW })!;
    expect(c.nodeHours).toBeCloseTo(1.5);
    expect(c.perHour?.nodes).toBe(1);
  });

  it('no price for the size: hours only, never a made-up amount', () => {
    const c = costSoFar({ nodes: 1, startedAt: ago(60), size: { ...ND96, prices: undefined }, lowPriority: false, now: NOW })!;
    expect(costText(c)).toBe('1.0 node-hours, 8.0 GPU-hours');
    expect(perHourText(c)).toBeUndefined();
  });

  it('a job that never started has no cost', () => {
    expect(costSoFar({ nodes: 1, size: ND96, lowPriority: false, now: NOW })).toBeUndefined();
  });
});
