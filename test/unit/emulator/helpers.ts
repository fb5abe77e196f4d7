import { EMULATOR_RESOURCE_GROUP, EMULATOR_SUBSCRIPTION_ID } from '../../../src/emulator';

export const AUTH = { Authorization: 'Bearer test' };

export function armUrl(base: string, ws: string, rest = ''): string {
  return `${base}/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourceGroups/${EMULATOR_RESOURCE_GROUP}/providers/Microsoft.MachineLearningServices/workspaces/${ws}${rest}?api-version=2024-04-01`;
}

export function runUrl(base: string, ws: string, runId: string, suffix = ''): string {
  return `${base}/history/v1.0/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourceGroups/${EMULATOR_RESOURCE_GROUP}/providers/Microsoft.MachineLearningServices/workspaces/${ws}/runs/${runId}${suffix}`;
}

export async function getJson<T = Record<string, unknown>>(url: string): Promise<T> {
  const res = await fetch(url, { headers: AUTH });
  if (!res.ok) throw new Error(`${res.status} for ${url}: ${await res.text()}`);
  return (await res.json()) as T;
}

export interface RunDetails {
  status: string;
  error: { error: { code: string; message: string } } | null;
  logFiles: Record<string, string>;
}
