/** Model versions registered before the scenario starts, each linked to its source job (properties.jobName). */
import { EmulatorState } from './emulator-state';
import { endedAt } from './job-model';
import { EMULATOR_PROD_WORKSPACE } from './scenario-constants';

const SEEDED = [{ workspace: EMULATOR_PROD_WORKSPACE, name: 'fraud-gbm', version: '1', job: 'pipe-retrain-prod-15', output: 'model' }];

export function seedModels(state: EmulatorState): void {
  const now = state.clock.now();
  for (const m of SEEDED) {
    const job = state.store.get(m.workspace, m.job);
    if (!job) continue;
    state.models.set(`${m.workspace}/${m.name}/${m.version}`, {
      workspace: m.workspace, name: m.name, version: m.version, createdBy: 'Omar Mlops', createdAt: endedAt(job, now) ?? now,
      properties: { modelUri: `azureml://jobs/${m.job}/outputs/${m.output}/`, jobName: m.job, modelType: 'mlflow_model', description: `Registered from ${m.job}`, tags: { stage: 'production' }, properties: {} },
    });
  }
}
