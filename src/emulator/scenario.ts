/**
 * Builds the seeded scenario into a store. The seed only shifts historical jobs (those finished more than an hour
 * before t0) by up to a minute, so every seed yields the same statuses at t0 and the same clock-driven transitions,
 * while timestamps and generated numbers still differ between seeds.
 */
import { buildJob, JobSpec } from './job-builder';
import { EmulatedJob } from './job-model';
import { JobStore } from './job-store';
import { createRng } from './rng';
import { DEV_JOBS } from './scenario-dev';
import { PROD_JOBS } from './scenario-prod';

const HISTORY_MINUTES = -60;

function shift(spec: JobSpec, minutes: number): JobSpec {
  const move = (m: number) => m + minutes;
  return {
    ...spec,
    created: move(spec.created),
    life: spec.life && {
      ...spec.life,
      start: spec.life.start === null ? null : move(spec.life.start),
      end: spec.life.end === null ? null : move(spec.life.end),
    },
    path: spec.path?.map(([s, m]) => [s, move(m)]),
  };
}

function isHistorical(spec: JobSpec): boolean {
  const end = spec.life?.end ?? spec.path?.[spec.path.length - 1]?.[1] ?? 0;
  return spec.life?.end !== null && end < HISTORY_MINUTES;
}

export function scenarioSpecs(seed: number): JobSpec[] {
  const rng = createRng(seed);
  const jitter = new Map<string, number>();
  const all = [...DEV_JOBS, ...PROD_JOBS];
  for (const spec of all) {
    if (!spec.parentName) jitter.set(`${spec.workspace}/${spec.name}`, isHistorical(spec) ? -rng() : 0);
  }
  // Children move with their parent so the family stays consistent.
  return all.map((spec) => shift(spec, jitter.get(`${spec.workspace}/${spec.parentName ?? spec.name}`) ?? 0));
}

export function loadJobs(store: JobStore, specs: JobSpec[], t0: number): EmulatedJob[] {
  const jobs = specs.map((s) => buildJob(s, t0));
  for (const job of jobs) store.add(job);
  for (const job of jobs) {
    if (job.parentName) store.get(job.workspace, job.parentName)?.children.push(job.name);
  }
  return jobs;
}

export function seedScenario(store: JobStore, seed: number, t0: number): void {
  loadJobs(store, scenarioSpecs(seed), t0);
}
