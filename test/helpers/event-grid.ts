import { randomUUID } from 'node:crypto';
import { workspaceArmId } from '../../src/emulator';
import { JobObservation, JobObserver } from '../../src/notifications/types';

export const RUN_STATUS_CHANGED = 'Microsoft.MachineLearningServices.RunStatusChanged';
export const RUN_COMPLETED = 'Microsoft.MachineLearningServices.RunCompleted';
export const DEV_TOPIC = workspaceArmId('mlw-dev');

/** Records every observation the event processor makes (the Notifier's seat in production). */
export class RecordingObserver implements JobObserver {
  readonly seen: JobObservation[] = [];
  async observe(o: JobObservation): Promise<void> {
    this.seen.push(o);
  }
  of(job: string): JobObservation[] {
    return this.seen.filter((o) => o.job.name === job);
  }
  clear(): void {
    this.seen.length = 0;
  }
}

/** A small, real-shaped Event Grid schema event (runStatus lower-case as Azure sends it). */
export function runEvent(runId: string, runStatus: string | undefined, o: { id?: string; topic?: string; eventType?: string; eventTime?: string } = {}): Record<string, unknown> {
  const data: Record<string, unknown> = { experimentId: 'e0', experimentName: 'x', runId, runType: null, runTags: {}, runProperties: {} };
  if (runStatus !== undefined) data.runStatus = runStatus;
  return {
    topic: o.topic ?? DEV_TOPIC,
    subject: `experiments/e0/runs/${runId}`,
    eventType: o.eventType ?? RUN_STATUS_CHANGED,
    eventTime: o.eventTime ?? new Date().toISOString(),
    id: o.id ?? randomUUID(),
    data,
    dataVersion: '',
    metadataVersion: '1',
  };
}

export async function postEvents(url: string, body: unknown, o: { key?: string; contentType?: string; method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; json: unknown; headers: Headers }> {
  const q = o.key === undefined ? '' : `?key=${encodeURIComponent(o.key)}`;
  const res = await fetch(`${url}/api/events${q}`, {
    method: o.method ?? 'POST',
    headers: { 'content-type': o.contentType ?? 'application/json', ...o.headers },
    body: o.method === 'OPTIONS' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, json, headers: res.headers };
}
