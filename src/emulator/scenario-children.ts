/** Helpers that give sweeps their trials and pipelines their steps, with names shaped like Azure's. */
import { JobSpec, Lifecycle } from './job-builder';
import { FailureKind } from './job-model';
import { stableGuid } from './rng';

export interface ChildPlan {
  name?: string;
  life: Lifecycle;
  failure?: FailureKind;
}

/** Sweep trials are named `{parent}_{n}` and run the parent's trial command. */
export function trials(parent: JobSpec, plans: ChildPlan[]): JobSpec[] {
  return plans.map((plan, i) => ({
    ...parent,
    name: `${parent.name}_${i}`,
    displayName: `${parent.name}_${i}`,
    jobType: 'Command',
    created: parent.created + 0.5,
    life: plan.life,
    path: undefined,
    failure: plan.failure,
    parentName: parent.name,
    childKind: 'trial',
    lineEverySec: 3,
  }));
}

/** Pipeline steps get GUID run ids, as Azure assigns them, and the step name as display name. */
export function steps(parent: JobSpec, plans: Array<ChildPlan & { name: string }>): JobSpec[] {
  return plans.map((plan) => ({
    ...parent,
    name: stableGuid(`${parent.workspace}/${parent.name}/${plan.name}`),
    displayName: plan.name,
    jobType: 'Command',
    created: parent.created + 0.2,
    life: plan.life,
    path: undefined,
    failure: plan.failure,
    parentName: parent.name,
    childKind: 'step',
    command: `python ${plan.name}.py --input \${{inputs.data}} --output \${{outputs.out}}`,
    studio: 'none',
    lineEverySec: 4,
  }));
}

export const done = (start: number, end: number): Lifecycle => ({ start, end, outcome: 'Completed' });
export const failed = (start: number, end: number): Lifecycle => ({ start, end, outcome: 'Failed' });
export const canceled = (start: number | null, end: number): Lifecycle => ({ start, end, outcome: 'Canceled' });
export const open = (start: number | null): Lifecycle => ({ start, end: null });
