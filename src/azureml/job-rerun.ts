/**
 * Submits a job's definition again under a new name (jobs.createOrUpdate), as `az ml job create --file job.yml`
 * would from the original YAML. What the service set on the original is left out (status, services, Studio and
 * tracking endpoints, `azureml.*` properties, timings, output paths it generated, system data); the new job carries
 * a `jobops.rerunOf` tag. A PUT to an existing name is an update in Azure, so the caller chooses a deterministic name
 * per request and we look for it first: a replayed or retried rerun finds the job it already made.
 */
import type { AzureMachineLearningWorkspaces, JobBase } from '@azure/arm-machinelearning';
import { WorkspaceConfig } from '../config';
import { AzureIds, idsFromHeaders } from './azure-signals';
import { ArmJobLike, mapJob } from './job-mapper';
import { Job } from './types';

type Loose = Record<string, unknown>;

/** Property keys the service writes on a submitted job. */
const SERVICE_PROPERTY = /^(_?azureml\.|StartTimeUtc$|EndTimeUtc$|ProcessInfoFile$|ProcessStatusFile$|ContentSnapshotId$|runSource$|runType$)/;

/** Jobs we can resubmit as they are; AutoML's definition is its own (its child runs are not re-creatable this way). */
export const RERUNNABLE_TYPES = ['Command', 'Sweep', 'Pipeline'] as const;

export interface RerunResult {
  job: Job;
  /** False when the job of this name existed already (a replay or retry of the same request). */
  created: boolean;
  ids: AzureIds;
}

export function rerunDefinition(source: JobBase, sourceName: string, tags: Record<string, string>): JobBase {
  const p = { ...(source.properties as unknown as Loose) };
  for (const k of ['status', 'services', 'isArchived', 'sourceJobId']) delete p[k];
  const props = Object.fromEntries(Object.entries((p.properties as Record<string, string> | undefined) ?? {}).filter(([k]) => !SERVICE_PROPERTY.test(k)));
  p.properties = props;
  // Output URIs that name the old job were generated for it; without them Azure generates new ones for the new job.
  const outputs = p.outputs as Record<string, Loose | null> | undefined;
  if (outputs) {
    p.outputs = Object.fromEntries(Object.entries(outputs).map(([k, o]) => {
      if (!o) return [k, o];
      const copy = { ...o };
      if (typeof copy.uri === 'string' && copy.uri.includes(sourceName)) delete copy.uri;
      return [k, copy];
    }));
  }
  p.tags = { ...((p.tags as Record<string, string> | undefined) ?? {}), ...tags };
  return { properties: p } as unknown as JobBase;
}

export async function submitRerun(sdk: AzureMachineLearningWorkspaces, ws: WorkspaceConfig, sourceName: string, newName: string, tags: Record<string, string>, signal: () => AbortSignal): Promise<RerunResult> {
  try {
    const existing = await sdk.jobs.get(ws.resourceGroup, ws.workspace, newName, { abortSignal: signal() });
    return { job: mapJob(existing as ArmJobLike), created: false, ids: {} };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  const source = await sdk.jobs.get(ws.resourceGroup, ws.workspace, sourceName, { abortSignal: signal() });
  let ids: AzureIds = {};
  const made = await sdk.jobs.createOrUpdate(ws.resourceGroup, ws.workspace, newName, rerunDefinition(source, sourceName, tags), {
    abortSignal: signal(), onResponse: (raw) => (ids = idsFromHeaders(raw.headers)),
  });
  return { job: mapJob(made as ArmJobLike), created: true, ids };
}
