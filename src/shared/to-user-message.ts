import { RetryableError, UserError, isRestLike } from './errors';

export interface ErrorContext {
  /** e.g. "read jobs", "cancel jobs" — used to say what the bot could not do. */
  operation?: string;
  /** The Azure RBAC action the operation needs, named in 403 messages (T15). */
  permission?: string;
  workspaceAlias?: string;
  correlationId: string;
}

/**
 * The single translator from anything thrown to a sentence for chat. Never includes a stack,
 * a URL with a token, or raw JSON; unknown errors get only the correlation id.
 */
export function toUserMessage(err: unknown, ctx: ErrorContext): string {
  const where = ctx.workspaceAlias ? ` in \`${ctx.workspaceAlias}\`` : '';
  const what = ctx.operation ?? 'do that';
  if (err instanceof UserError) return err.message;
  if (err instanceof RetryableError) {
    return `I can't ${what} right now: ${err.message} Please try again in a minute. (ref ${ctx.correlationId})`;
  }
  if (isAbort(err)) {
    return `Azure ML did not answer in time when I tried to ${what}${where}. Please try again in a minute. (ref ${ctx.correlationId})`;
  }
  if (isRestLike(err)) {
    const status = err.statusCode;
    if (status === 401 || status === 403) {
      // The action Azure says is missing beats the one the operation is expected to need: a cancel that is refused
      // its job read must name jobs/read, not cancel/action (R6).
      const permission = reportedAction(err.message) ?? ctx.permission;
      const perm = permission ? `: the bot's identity lacks \`${permission}\` on that workspace` : '';
      return `I'm not allowed to ${what}${where}${perm}. Ask an Azure admin to grant the JobOps role. (ref ${ctx.correlationId})`;
    }
    if (status === 404) return `Azure ML says the workspace or resource${where} does not exist. Check the JobOps configuration. (ref ${ctx.correlationId})`;
    if (status === 409) {
      return `Azure ML reported a conflict${where}: the resource changed while I was working on it. Refresh and try again. (ref ${ctx.correlationId})`;
    }
    if (status === 429) {
      return `Azure ML is throttling requests${where} right now. Please try again in a minute. (ref ${ctx.correlationId})`;
    }
    if (status !== undefined && status >= 500) {
      return `Azure ML had a temporary problem (HTTP ${status}) when I tried to ${what}${where}. Please try again shortly. (ref ${ctx.correlationId})`;
    }
    if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'ECONNRESET' || err.code === 'ETIMEDOUT') {
      return `I can't reach Azure ML${where} right now. Please try again shortly. (ref ${ctx.correlationId})`;
    }
  }
  return `Something went wrong while I tried to ${what}${where}. The team can look it up with ref ${ctx.correlationId}.`;
}

/** The action named in an Azure authorization refusal ("…to perform action 'Microsoft.X/…' over scope…"), if any. */
function reportedAction(message: string | undefined): string | undefined {
  return /perform action '(Microsoft\.[A-Za-z]+(?:\/[A-Za-z0-9._-]+)+)'/.exec(message ?? '')?.[1];
}

function isAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: string }).name === 'AbortError';
}
