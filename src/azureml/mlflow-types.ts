/** Domain types for what a run was measured on (MLflow tracking) and what it ran with (the ARM job spec). */
import { NamedUri } from './types';

/** One metric's final value: the latest value MLflow keeps per key (largest step), with its step and time. */
export interface MetricValue {
  key: string;
  /** NaN and ±Infinity are kept as such: a diverged run must show as diverged, not as 0. */
  value: number;
  step: number;
  at?: Date;
}

export interface RunMetrics {
  runId: string;
  metrics: MetricValue[];
  /** MLflow params are strings. */
  params: Record<string, string>;
}

/** What a job ran with, read from the same ARM GET as the job itself (no extra call). */
export interface JobSpec {
  environment?: { name: string; version?: string };
  command?: string;
  nodeCount?: number;
  /** A sweep's objective: which trial is best. */
  objective?: { metric: string; goal: 'maximize' | 'minimize' };
  /** Pipeline steps (by name) that bind one of their outputs to the pipeline's outputs: the step that made the model. */
  outputSteps: string[];
  inputs: NamedUri[];
}

/** A registered model version and the job it came from (properties.jobName, or the job in modelUri). */
export interface ModelVersionRef {
  version: string;
  jobName?: string;
  createdAt?: Date;
}
