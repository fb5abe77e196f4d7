import { Config, WorkspaceConfig } from '../config';
import { JOB_NAME } from '../text-commands/grammar';

/** What a pasted Azure ML Studio job link names. Every part came from the user and is only ever compared. */
export interface StudioLink {
  job: string;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** The Entra tenant the link says the workspace lives in (`tid`), when it says. */
  tenantId?: string;
}

/** Teams sends whole URLs; real Studio links are a few hundred characters. */
const MAX_URL = 2_048;
/** `ml.azure.com` and one label in front of it (regional and preview Studio hosts), as the manifest declares. */
const STUDIO_HOST = /^(?:[a-z0-9-]{1,63}\.)?ml\.azure\.com$/;
/**
 * `wsid` as Studio writes it (`/subscriptions/…/resourcegroups/…/workspaces/…`) and as an ARM id
 * (`…/resourceGroups/…/providers/Microsoft.MachineLearningServices/workspaces/…`).
 */
const WSID =
  /^\/subscriptions\/([0-9a-f-]{1,64})\/resourcegroups\/([\w.()-]{1,90})\/(?:providers\/microsoft\.machinelearningservices\/)?workspaces\/([\w-]{1,64})\/?$/i;
const TENANT = /^[0-9a-f-]{1,64}$/i;

/**
 * Pure: a pasted URL → the job and workspace it points at, or undefined for anything that is not a
 * Studio job link (`/runs/<job>` or `/experiments/<experiment>/runs/<job>`, or `/experiments/id/<id>/runs/<job>`,
 * with a `wsid`). Rejecting early means a stray link never costs an Azure call.
 */
export function parseStudioLink(raw: unknown): StudioLink | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_URL) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined; // Not a URL at all: nothing to unfurl, and nothing worth logging.
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port || !STUDIO_HOST.test(url.hostname)) return undefined;
  const job = jobFromPath(url.pathname);
  const ws = WSID.exec(url.searchParams.get('wsid') ?? '');
  if (!job || !ws) return undefined;
  const tid = url.searchParams.get('tid') ?? undefined;
  if (tid !== undefined && !TENANT.test(tid)) return undefined;
  return { job, subscriptionId: ws[1]!, resourceGroup: ws[2]!, workspace: ws[3]!, tenantId: tid };
}

function jobFromPath(pathname: string): string | undefined {
  let segments: string[];
  try {
    segments = pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    return undefined; // A malformed %-escape: not a link Studio wrote.
  }
  const runs = segments.indexOf('runs');
  const before = segments.slice(0, runs);
  const shapeOk = runs === 0 || (before[0] === 'experiments' && (before.length === 2 || (before.length === 3 && before[1] === 'id')));
  const job = segments[runs + 1];
  return runs >= 0 && shapeOk && job !== undefined && JOB_NAME.test(job) ? job : undefined;
}

/**
 * The configured workspace a link points at, matched on subscription, resource group and workspace
 * name (ARM compares them case-insensitively). A `tid` naming another tenant than the one JobOps is
 * restricted to means another directory's workspace, whatever its name: not ours.
 */
export function servedWorkspace(config: Config, link: StudioLink): WorkspaceConfig | undefined {
  if (config.tenantId && link.tenantId && link.tenantId.toLowerCase() !== config.tenantId.toLowerCase()) return undefined;
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  return Object.values(config.workspaces).find(
    (ws) => same(ws.subscriptionId, link.subscriptionId) && same(ws.resourceGroup, link.resourceGroup) && same(ws.workspace, link.workspace),
  );
}
