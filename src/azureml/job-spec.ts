/** What a job ran with (environment, command, nodes, sweep objective, pipeline output steps), from the ARM resource. */
import { JobSpec } from './mlflow-types';
import { NamedUri } from './types';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/**
 * `…/environments/{name}/versions/{v}`, `azureml:{name}:{v}` or `azureml:{name}@latest` → name and version.
 * Anything else (an image URI) is shown as it is.
 */
export function environmentOf(id: string | undefined): JobSpec['environment'] {
  if (!id) return undefined;
  const arm = /\/environments\/([^/]+)\/versions\/([^/]+)$/i.exec(id);
  if (arm) return { name: arm[1]!, version: arm[2]! };
  const short = /^azureml:([^:@]+)(?:[:@](.+))?$/i.exec(id);
  if (short) return { name: short[1]!, version: short[2] };
  return { name: id };
}

/** ARM JobBaseResource (raw or as the SDK deserialized it) → JobSpec. Sweeps read their trial's command. */
export function mapJobSpec(raw: unknown, inputs: NamedUri[]): JobSpec {
  const p = obj(obj(raw)?.properties) ?? {};
  const trial = obj(p.trial);
  const resources = obj(p.resources) ?? obj(trial?.resources);
  const objective = obj(p.objective);
  const goal = str(objective?.goal)?.toLowerCase();
  const metric = str(objective?.primaryMetric);
  const nodes = Number(resources?.instanceCount);
  return {
    environment: environmentOf(str(p.environmentId) ?? str(trial?.environmentId)),
    command: str(p.command) ?? str(trial?.command),
    nodeCount: Number.isInteger(nodes) && nodes > 0 ? nodes : undefined,
    objective: metric && (goal === 'maximize' || goal === 'minimize') ? { metric, goal } : undefined,
    outputSteps: outputSteps(obj(p.jobs)),
    inputs,
  };
}

/** Steps whose outputs are bound to `${{parent.outputs.…}}`: they produced what the pipeline outputs (the model). */
function outputSteps(jobs: Obj | undefined): string[] {
  if (!jobs) return [];
  return Object.entries(jobs)
    .filter(([, step]) => Object.values(obj(obj(step)?.outputs) ?? {}).some((o) => /\$\{\{\s*parent\.outputs\./.test(typeof o === 'string' ? o : String(obj(o)?.value ?? obj(o)?.uri ?? ''))))
    .map(([name]) => name);
}
