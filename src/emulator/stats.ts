/**
 * Call counting per operation kind. Benchmarks and tests assert "how many Azure calls did that take", so every
 * ARM and data-plane request is counted, including the ones a fault answered.
 */
export type OperationKind =
  | 'workspaceGet'
  | 'jobsList'
  | 'jobGet'
  | 'jobCancel'
  | 'jobCreate'
  | 'computeGet'
  | 'usagesList'
  | 'vmSizesList'
  | 'lroPoll'
  | 'modelVersionPut'
  | 'modelVersionGet'
  | 'modelVersionList'
  | 'discovery'
  | 'runGet'
  | 'runDetails'
  | 'runChildren'
  | 'mlflowRunGet'
  | 'mlflowMetricHistory'
  | 'blobGet'
  | 'blobHead'
  | 'notFound';

export interface StatsSnapshot {
  total: number;
  counts: Partial<Record<OperationKind, number>>;
  bytesServed: number;
  faults: Record<string, number>;
}

export class Stats {
  private counts: Partial<Record<OperationKind, number>> = {};
  private faults: Record<string, number> = {};
  private bytes = 0;
  private total = 0;

  count(kind: OperationKind): void {
    this.total += 1;
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  fault(kind: string): void {
    this.faults[kind] = (this.faults[kind] ?? 0) + 1;
  }

  served(bytes: number): void {
    this.bytes += bytes;
  }

  snapshot(): StatsSnapshot {
    return { total: this.total, counts: { ...this.counts }, bytesServed: this.bytes, faults: { ...this.faults } };
  }

  reset(): void {
    this.counts = {};
    this.faults = {};
    this.bytes = 0;
    this.total = 0;
  }
}
