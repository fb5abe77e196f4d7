/**
 * Where a job's outputs and logs are, as people reach them: `azureml://` URIs (what `az ml` and the SDK accept),
 * the Studio page of the job, and the exact `az ml job download` command. Never a storage URL: those carry SAS
 * tokens or need keys, and a chat is no place for either.
 */
import { Job } from '../azureml/types';
import { WorkspaceConfig } from '../config';

export interface OutputLine {
  name: string;
  kind: string;
  uri: string;
  download: string;
}

export interface JobOutputs {
  studioUrl: string;
  outputs: OutputLine[];
  logs: OutputLine[];
  downloadAll: string;
}

/** A URI safe to show: an azureml:// reference; anything else (https blob URLs, SAS, keys) is replaced. */
function safeUri(job: string, name: string, uri: string | undefined): string {
  if (uri && /^azureml:\/\//i.test(uri) && !/[?&](sig|sv|se|sp)=/i.test(uri)) return uri;
  return `azureml://jobs/${job}/outputs/${name}`;
}

function quote(s: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function jobOutputs(ws: WorkspaceConfig, job: Job): JobOutputs {
  const az = `az ml job download --name ${quote(job.name)} --resource-group ${quote(ws.resourceGroup)} --workspace-name ${quote(ws.workspace)} --subscription ${quote(ws.subscriptionId)}`;
  const studio = job.studioUrl ?? `https://ml.azure.com/runs/${encodeURIComponent(job.name)}?wsid=/subscriptions/${ws.subscriptionId}/resourcegroups/${ws.resourceGroup}/workspaces/${ws.workspace}`;
  const outputs = job.outputs.map((o) => ({
    name: o.name, kind: o.type ?? 'output', uri: safeUri(job.name, o.name, o.uri),
    download: `${az} --output-name ${quote(o.name)} --download-path ./${quote(job.name)}`,
  }));
  const logs = ['user_logs', 'system_logs'].map((folder) => ({
    name: folder, kind: 'log folder', uri: `azureml://jobs/${job.name}/outputs/artifacts/paths/${folder}/`,
    download: `${az} --output-name default --download-path ./${quote(job.name)}`,
  }));
  return { studioUrl: studio, outputs, logs, downloadAll: `${az} --all --download-path ./${quote(job.name)}` };
}
