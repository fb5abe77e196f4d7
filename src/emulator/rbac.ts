/**
 * Opt-in Azure RBAC for the emulator: given the actions a role grants and where it is assigned, every ARM and
 * data-plane request is mapped to the Azure action it needs and refused with 403 when the role lacks it, so a test can
 * prove the JobOps role (infra/modules/jobops-role.bicep) sufficient and minimal for everything the bot does (R6).
 * Off unless configured: then nothing here runs.
 *
 * How faithful this is:
 * - ARM (management plane): the actions are Azure's own names for these operations, and a refusal is ARM's
 *   AuthorizationFailed body and message, word for word (scope = the resource the request addresses; for a POST
 *   action the resource it acts on). ARM checks the action at the request's scope against assignments at or above it.
 * - The cancel's Location (…/locations/{loc}/mfeOperationResults/{id}) is at subscription scope, outside the workspace
 *   the role is assigned on. Azure documents that tracking an async operation needs permission at resource-group level
 *   or above ("if you only have permission at the resource level, you can start the operation but you can't track its
 *   status"). So with a workspace-scoped assignment the emulator refuses that poll, as we expect Azure to; the bot only
 *   stops waiting and re-reads the job.
 * - Run history (the data plane: run, details with log URLs, children) is authorized by Azure ML itself, not by ARM.
 *   Mapping it to `workspaces/experiments/runs/read` is our best understanding (Azure ML's documentation maps "get a
 *   run and related data and metadata, list artifacts for a run" to that action); the refusal body below is the
 *   shape Azure ML's services use for errors, but its exact text is not something we have seen from Azure.
 * - Discovery is anonymous and log blobs are read through the SAS URLs run details hand out: no action.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { sendArmError, sendJson } from './http-util';
import { Route, RouteContext } from './router';
import { OperationKind } from './stats';

const ML = 'Microsoft.MachineLearningServices';
/** The object id refusals name when the config gives none (the emulator has no real caller identity). */
const DEFAULT_PRINCIPAL_ID = '11111111-2222-3333-4444-555555555555';

/** The Azure action each emulated operation needs (undefined: none is checked). */
export const ACTION_OF: Readonly<Record<OperationKind, string | undefined>> = {
  workspaceGet: `${ML}/workspaces/read`,
  jobsList: `${ML}/workspaces/jobs/read`,
  jobGet: `${ML}/workspaces/jobs/read`,
  jobCancel: `${ML}/workspaces/jobs/cancel/action`,
  jobCreate: `${ML}/workspaces/jobs/write`,
  computeGet: `${ML}/workspaces/computes/read`,
  // Subscription-level reads (…/locations/{loc}/…): a workspace-scoped assignment does not reach them.
  usagesList: `${ML}/locations/usages/read`,
  vmSizesList: `${ML}/locations/vmsizes/read`,
  lroPoll: `${ML}/locations/mfeOperationResults/read`,
  modelVersionList: `${ML}/workspaces/models/versions/read`,
  modelVersionGet: `${ML}/workspaces/models/versions/read`,
  modelVersionPut: `${ML}/workspaces/models/versions/write`,
  runGet: `${ML}/workspaces/experiments/runs/read`,
  runDetails: `${ML}/workspaces/experiments/runs/read`,
  runChildren: `${ML}/workspaces/experiments/runs/read`,
  // MLflow tracking reads the same run records ("get a run and related data and metadata"): the same action.
  mlflowRunGet: `${ML}/workspaces/experiments/runs/read`,
  mlflowMetricHistory: `${ML}/workspaces/experiments/runs/read`,
  discovery: undefined,
  blobGet: undefined,
  blobHead: undefined,
  notFound: undefined,
};

export interface RbacConfig {
  /** Actions the role grants, exactly as in a role definition's `actions` (compared case-insensitively, as Azure does). */
  actions: readonly string[];
  /**
   * Where the role is assigned: on each workspace (infra/modules/workspace-access.bicep, the default), its resource
   * group, or the subscription.
   */
  scope?: 'workspace' | 'resourceGroup' | 'subscription';
  /**
   * Actions granted by a second assignment at subscription scope (infra: the JobOps location reader role, for the
   * region's quota and VM sizes, which live under /subscriptions/{sub}/providers/…/locations/{loc}).
   */
  subscriptionActions?: readonly string[];
  /** The caller's object id, named in refusals. */
  principalId?: string;
}

export interface Denial {
  method: string;
  path: string;
  op: OperationKind;
  action: string;
  scope: string;
  plane: 'arm' | 'dataplane';
}

export interface Rbac {
  config: RbacConfig;
  denials: Denial[];
}

/** The resource a request addresses (ARM's authorization scope): the path, without a POST action's last segment. */
function scopeOf(ctx: RouteContext, op: OperationKind): string {
  const { sub = '', rg = '', ws = '' } = ctx.params;
  if (op === 'runGet' || op === 'runDetails' || op === 'runChildren' || op === 'mlflowRunGet' || op === 'mlflowMetricHistory') {
    return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ML}/workspaces/${ws}`;
  }
  const p = ctx.url.pathname.replace(/\/+$/, '');
  return op === 'jobCancel' ? p.replace(/\/cancel$/i, '') : p;
}

/** Is the request's scope at or below where the role is assigned? */
function withinAssignment(scope: string, assigned: RbacConfig['scope']): boolean {
  const depth = assigned === 'subscription' ? 0 : assigned === 'resourceGroup' ? 1 : 2;
  if (depth === 0) return /^\/subscriptions\/[^/]+/i.test(scope);
  if (depth === 1) return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.test(scope);
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+/i.test(scope);
}

function opOf(route: Route, ctx: RouteContext): OperationKind {
  return typeof route.op === 'function' ? route.op(ctx) : (route.op ?? 'notFound');
}

/**
 * The hook the server calls after authentication: answers 403 and returns true when the configured role does not
 * allow this request; returns false (and does nothing) when it does, or when RBAC is off.
 */
export function refuseIfUnauthorized(rbac: Rbac | undefined, route: Route, ctx: RouteContext, req: IncomingMessage, res: ServerResponse): boolean {
  if (!rbac || route.target === 'control') return false;
  const op = opOf(route, ctx);
  const action = ACTION_OF[op];
  if (!action) return false;
  const scope = scopeOf(ctx, op);
  const granted = rbac.config.actions.some((a) => a.toLowerCase() === action.toLowerCase());
  if (granted && withinAssignment(scope, rbac.config.scope)) return false;
  const bySubscription = (rbac.config.subscriptionActions ?? []).some((a) => a.toLowerCase() === action.toLowerCase());
  if (bySubscription && withinAssignment(scope, 'subscription')) return false;
  const plane = route.target === 'dataplane' ? 'dataplane' : 'arm';
  rbac.denials.push({ method: req.method ?? 'GET', path: ctx.url.pathname, op, action, scope, plane });
  const who = rbac.config.principalId ?? DEFAULT_PRINCIPAL_ID;
  if (plane === 'arm') {
    sendArmError(
      res,
      403,
      'AuthorizationFailed',
      `The client '${who}' with object id '${who}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      { 'x-ms-failure-cause': 'gateway' },
    );
  } else {
    sendJson(res, 403, {
      error: {
        code: 'UserError',
        message: `The identity '${who}' does not have permission to perform action '${action}' on workspace '${scope}'.`,
        innerError: { code: 'AuthorizationError' },
      },
    });
  }
  return true;
}
