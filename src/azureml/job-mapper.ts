import { normalizeStatus } from './status';
import { parseAzureTime } from './time';
import { Job, NamedUri } from './types';

/** The subset of an ARM JobBaseResource we read, as the SDK or raw JSON gives it. */
export interface ArmJobLike {
  id?: string;
  name?: string;
  systemData?: { createdBy?: string; createdByType?: string; createdAt?: Date | string };
  properties?: {
    jobType?: string;
    status?: string;
    displayName?: string | null;
    experimentName?: string | null;
    description?: string | null;
    computeId?: string | null;
    tags?: Record<string, string | null> | null;
    properties?: Record<string, string | null> | null;
    services?: Record<string, { endpoint?: string | null } | null> | null;
    isArchived?: boolean;
    inputs?: Record<string, unknown> | null;
    outputs?: Record<string, unknown> | null;
    resources?: { instanceCount?: number | null; instanceType?: string | null } | null;
  };
}

const STUDIO = /^https:\/\/ml\.azure\.com\//;

export function mapJob(raw: ArmJobLike): Job {
  const p = raw.properties ?? {};
  const props = p.properties ?? {};
  const studio = p.services?.Studio?.endpoint ?? undefined;
  return {
    name: raw.name ?? lastSegment(raw.id) ?? 'unknown',
    displayName: p.displayName ?? undefined,
    type: p.jobType ?? 'Unknown',
    status: normalizeStatus(p.status),
    experiment: p.experimentName || 'Default',
    description: p.description ?? undefined,
    compute: lastSegment(p.computeId ?? undefined),
    submitter: raw.systemData?.createdBy,
    submitterType: raw.systemData?.createdByType,
    createdAt: parseAzureTime(raw.systemData?.createdAt),
    startedAt: parseAzureTime(props.StartTimeUtc),
    endedAt: parseAzureTime(props.EndTimeUtc),
    tags: cleanTags(p.tags),
    studioUrl: studio && STUDIO.test(studio) && safeUrl(studio) ? studio : undefined,
    inputs: namedUris(p.inputs),
    outputs: namedUris(p.outputs),
    archived: p.isArchived === true,
    instanceCount: typeof p.resources?.instanceCount === 'number' && p.resources.instanceCount > 0 ? p.resources.instanceCount : 1,
    instanceType: p.resources?.instanceType ?? undefined,
    serverless: !p.computeId,
    armError: typeof props.errors === 'string' && props.errors.trim() ? readableError(props.errors) : undefined,
  };
}

/** System tags (prefixed "_aml_system" / "azureml.") are noise for people. */
function cleanTags(tags: Record<string, string | null> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) {
    if (k.startsWith('_aml_system') || k.startsWith('azureml.')) continue;
    out[k] = v ?? '';
  }
  return out;
}

function namedUris(map: Record<string, unknown> | null | undefined): NamedUri[] {
  if (!map) return [];
  return Object.entries(map).map(([name, v]) => {
    const o = (v ?? {}) as Record<string, unknown>;
    const uri = typeof o.uri === 'string' ? o.uri : typeof o.value === 'string' ? o.value : undefined;
    const type = typeof o.jobInputType === 'string' ? o.jobInputType : typeof o.jobOutputType === 'string' ? o.jobOutputType : undefined;
    return { name, uri, type };
  });
}

function lastSegment(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1];
}

function safeUrl(s: string): boolean {
  try {
    return new URL(s).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * AutoML puts its errors on ARM as a JSON string (an ErrorResponse, or a list of them): show the
 * message a person can read, not the JSON. Anything else is kept as it is.
 */
export function readableError(raw: string): string {
  try {
    const parsed: unknown = JSON.parse(raw);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    const e = (first as { error?: { code?: string; message?: string }; message?: string } | undefined) ?? {};
    const message = e.error?.message ?? e.message;
    if (typeof message === 'string' && message.trim()) return e.error?.code ? `${e.error.code}: ${message}` : message;
  } catch {
    // Not JSON: already text.
  }
  return raw;
}
