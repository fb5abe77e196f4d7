import { z } from 'zod';
import { TopicMap } from './workspace-topics';

/** The Azure ML event types the bot acts on (R4.2); anything else is acknowledged and ignored. */
export const RUN_STATUS_CHANGED = 'Microsoft.MachineLearningServices.RunStatusChanged';
export const RUN_COMPLETED = 'Microsoft.MachineLearningServices.RunCompleted';
const ALLOWED_TYPES = new Set([RUN_STATUS_CHANGED.toLowerCase(), RUN_COMPLETED.toLowerCase()]);
const VALIDATION_TYPE = 'microsoft.eventgrid.subscriptionvalidationevent';

/** An accepted, allow-listed event reduced to what processing needs: small rows, nothing echoed from Azure. */
export interface RunEvent {
  id: string;
  workspace: string;
  eventType: string;
  runId: string;
  /** As sent: lower-case in real events ("failed"); only ever compared case-insensitively. */
  runStatus?: string;
  eventTime?: string;
}

export interface IgnoredEvent {
  id: string;
  reason: 'topic' | 'eventType' | 'data';
}

export type Delivery =
  | { kind: 'validation'; code: string }
  | { kind: 'events'; events: RunEvent[]; ignored: IgnoredEvent[] };

/** A body that is not an Event Grid delivery at all: answered 400, which Event Grid does not retry. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

const str = (max: number) => z.string().min(1).max(max);
const eventGridEvent = z.object({
  id: str(256),
  topic: str(1024),
  subject: z.string().max(1024).optional(),
  eventType: str(256),
  eventTime: z.string().max(64).optional(),
  data: z.unknown(),
});
// The fixture (from the REST specs) spells it specVersion; the CloudEvents spec says specversion. Accept both.
const cloudEvent = z
  .object({
    id: str(256),
    source: str(1024),
    subject: z.string().max(1024).optional(),
    type: str(256),
    time: z.string().max(64).optional(),
    data: z.unknown(),
    specversion: z.string().max(16).optional(),
    specVersion: z.string().max(16).optional(),
  })
  .refine((e) => (e.specversion ?? e.specVersion) !== undefined, 'specversion is required');
const runData = z.object({ runId: str(256).optional(), runStatus: z.string().max(64).nullish() }).passthrough();
const validationData = z.object({ validationCode: str(256) }).passthrough();

interface Envelope {
  id: string;
  topic: string;
  subject?: string;
  type: string;
  time?: string;
  data: unknown;
}

function envelope(raw: unknown, index: number): Envelope {
  const isCloud = typeof raw === 'object' && raw !== null && !('eventType' in raw) && ('specversion' in raw || 'specVersion' in raw);
  if (isCloud) {
    const c = cloudEvent.safeParse(raw);
    if (!c.success) throw new DeliveryError(`event ${index}: not a CloudEvent (${c.error.issues[0]?.message ?? 'invalid'})`);
    return { id: c.data.id, topic: c.data.source, subject: c.data.subject, type: c.data.type, time: c.data.time, data: c.data.data };
  }
  const g = eventGridEvent.safeParse(raw);
  if (!g.success) throw new DeliveryError(`event ${index}: not an Event Grid event (${g.error.issues[0]?.path.join('.') ?? ''} ${g.error.issues[0]?.message ?? 'invalid'})`);
  return { id: g.data.id, topic: g.data.topic, subject: g.data.subject, type: g.data.eventType, time: g.data.eventTime, data: g.data.data };
}

/** `experiments/{experimentId}/runs/{runId}` → runId, for events whose data lacks it. */
function runIdFromSubject(subject: string | undefined): string | undefined {
  return subject ? /(?:^|\/)runs\/([^/]+)$/.exec(subject)?.[1] : undefined;
}

/**
 * Event Grid schema (always a JSON array) or CloudEvents (one object, or an array for
 * application/cloudevents-batch+json). Throws DeliveryError for anything else. The caller has already
 * authenticated the request, so a validation event found here may be answered (T20).
 */
export function parseDelivery(body: unknown, topics: TopicMap): Delivery {
  const items = Array.isArray(body) ? body : typeof body === 'object' && body !== null && ('specversion' in body || 'specVersion' in body) ? [body] : undefined;
  if (!items) throw new DeliveryError('expected an array of Event Grid events or a CloudEvent');
  if (items.length === 0) throw new DeliveryError('empty batch');
  const envelopes = items.map(envelope);

  const validation = envelopes.find((e) => e.type.toLowerCase() === VALIDATION_TYPE);
  if (validation) {
    const d = validationData.safeParse(validation.data);
    if (!d.success) throw new DeliveryError('validation event without data.validationCode');
    return { kind: 'validation', code: d.data.validationCode };
  }

  const events: RunEvent[] = [];
  const ignored: IgnoredEvent[] = [];
  for (const e of envelopes) {
    if (!ALLOWED_TYPES.has(e.type.toLowerCase())) {
      ignored.push({ id: e.id, reason: 'eventType' });
      continue;
    }
    const workspace = topics.aliasOf(e.topic);
    if (!workspace) {
      ignored.push({ id: e.id, reason: 'topic' });
      continue;
    }
    const d = runData.safeParse(e.data);
    const runId = (d.success ? d.data.runId : undefined) ?? runIdFromSubject(e.subject);
    if (!runId) {
      ignored.push({ id: e.id, reason: 'data' });
      continue;
    }
    const runStatus = d.success ? d.data.runStatus ?? undefined : undefined;
    events.push({ id: e.id, workspace, eventType: e.type, runId, runStatus, eventTime: e.time });
  }
  return { kind: 'events', events, ignored };
}
