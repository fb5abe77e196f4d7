import { ComputeInfo, Job, QuotaUsage, VmSizeInfo } from '../../../src/azureml/types';
import { isWaiting, queueReason } from '../../../src/jobs/queue-reason';

const NOW = new Date('2026-12-01T10:00:00Z');
const job = (o: Partial<Job> = {}): Job => ({
  name: 'train-x', type: 'Command', status: 'Queued', experiment: 'e', tags: {}, inputs: [], outputs: [], archived: false,
  compute: 'gpu-a100', serverless: false, createdAt: new Date(NOW.getTime() - 30 * 60_000), ...o,
});
const cluster = (o: Partial<ComputeInfo> = {}, nodes: Partial<ComputeInfo['nodes']> = {}): ComputeInfo => ({
  name: 'gpu-a100', location: 'eastus', computeType: 'AmlCompute', vmSize: 'STANDARD_NC24ADS_A100_V4', vmPriority: 'Dedicated',
  minNodes: 0, maxNodes: 4, currentNodes: 4, targetNodes: 4, allocationState: 'Steady', errors: [],
  nodes: { idle: 0, running: 4, preparing: 0, unusable: 0, leaving: 0, preempted: 0, ...nodes }, ...o,
});
const A100: VmSizeInfo = { name: 'Standard_NC24ads_A100_v4', family: 'standardNCADSA100v4Family', vCpus: 24, gpus: 1 };
const usage = (level: QuotaUsage['level'], name: string, current: number, limit: number): QuotaUsage => ({ level, name, label: name, current, limit });

describe('queueReason: one sentence that names the reason, with the numbers', () => {
  it('a cluster at its maximum, all busy, names who runs there (from a list already read)', () => {
    const others = [job({ name: 'sweep-lr-42', type: 'Sweep', status: 'Running' }), job({ name: 'other-ws-compute', status: 'Running', compute: 'cpu' }), job({ name: 'done-1', status: 'Completed' })];
    expect(queueReason({ job: job(), compute: cluster(), others }).sentence).toBe('Waiting for a node: cluster gpu-a100 is at its maximum of 4 nodes, all busy (running there: sweep-lr-42).');
  });

  it('the family quota is full: cores, family and region', () => {
    const r = queueReason({ job: job(), compute: cluster({ currentNodes: 1 }, { running: 1 }), size: A100, usages: [usage('family', 'standardNCADSA100v4Family', 96, 96), usage('regional', 'total', 120, 350)] });
    expect(r.sentence).toBe('The cluster cannot grow: 96 of 96 cores of the NCADSA100v4 family in eastus are in use, and one more Standard_NC24ads_A100_v4 node needs 24.');
  });

  it('the regional total is full while the family has room', () => {
    const r = queueReason({ job: job(), compute: cluster({ currentNodes: 0 }, { running: 0 }), size: A100, usages: [usage('family', 'standardNCADSA100v4Family', 0, 96), usage('regional', 'total', 340, 350)] });
    expect(r.sentence).toMatch(/^The cluster cannot grow: 340 of 350 dedicated cores of the region in eastus are in use/);
  });

  it('a limit of -1 is no limit', () => {
    const r = queueReason({ job: job(), compute: cluster({ currentNodes: 1, allocationState: 'Resizing', targetNodes: 2 }, { running: 1 }), size: A100, usages: [usage('family', 'standardNCADSA100v4Family', 500, -1)] });
    expect(r.sentence).toMatch(/^Cluster gpu-a100 is adding nodes \(1 → 2 of at most 4\)/);
  });

  it('unusable nodes at the maximum', () => {
    expect(queueReason({ job: job(), compute: cluster({}, { running: 2, unusable: 2 }) }).sentence).toBe('2 of 4 nodes of cluster gpu-a100 are unusable, so it cannot take more work until they are replaced.');
  });

  it('preempted low-priority nodes', () => {
    expect(queueReason({ job: job(), compute: cluster({ vmPriority: 'LowPriority', currentNodes: 1 }, { running: 1, preempted: 3 }) }).sentence).toMatch(/^Low-priority nodes of cluster gpu-a100 were preempted \(3 now\)/);
  });

  it('serverless compute is said as such', () => {
    expect(queueReason({ job: job({ compute: undefined, serverless: true, instanceCount: 2, instanceType: 'Standard_NC6s_v3' }) }).sentence).toBe('Serverless compute: Azure ML is finding 2 nodes of Standard_NC6s_v3 for this job; there is no cluster of yours to inspect.');
  });

  it('an allocation error that mentions quota, without usages to read', () => {
    const r = queueReason({ job: job(), compute: cluster({ currentNodes: 1, errors: ['QuotaExceeded: Operation results in exceeding quota limits of Core.'] }, { running: 1 }) });
    expect(r.sentence).toMatch(/^The cluster cannot grow: Azure refused to add nodes \(QuotaExceeded/);
  });

  it('only after a minute, and only for the waiting statuses', () => {
    expect(isWaiting(job({ createdAt: new Date(NOW.getTime() - 30_000) }), NOW)).toBe(false);
    expect(isWaiting(job(), NOW)).toBe(true);
    expect(isWaiting(job({ status: 'Running' }), NOW)).toBe(false);
    expect(isWaiting(job({ status: 'Preparing' }), NOW)).toBe(true);
  });
});
