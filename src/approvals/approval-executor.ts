import { AzureIds, idsFromError } from '../azureml/azure-signals';
import { isCancellable } from '../azureml/status';
import { WorkspaceConfig } from '../config';
import { Deps } from '../deps';
import { toUserMessage } from '../shared/to-user-message';
import { ApprovalRequest } from './approval-request';

export type ExecutionResult = Pick<ApprovalRequest, 'state' | 'result'> & { status?: string };

/**
 * Thrown by `begin` when the start of the action could not be recorded: nothing was asked of Azure, and no outcome
 * is decided here. `current` is the stored request when another carrier took it over.
 */
export class NotStarted extends Error {
  override name = 'NotStarted';
  constructor(readonly current?: ApprovalRequest) {
    super('the approved action was not started');
  }
}

/** What the audit says when a resumed request finds its own action already done (T17). */
const CONFIRMED_AFTER_RESTART = 'outcome confirmed after a restart: this approval had started the action before its process stopped (Azure\'s ids of that call were not recorded)';

/**
 * Carries out an approved request. Runs only after the decision is stored (R2.3); re-reads the
 * job first and does nothing if it drifted (R2.4); confirms the end state with a GET.
 * `begin` stores that the action is starting; it runs right before Azure is asked to act.
 */
export async function execute(deps: Deps, ws: WorkspaceConfig, id: string, r: ApprovalRequest, correlationId: string, begin: () => Promise<void>): Promise<ExecutionResult> {
  const log = (action: string, outcome: string, detail?: Record<string, string>, ids: AzureIds = {}): Promise<void> =>
    deps.audit.record({
      action, actor: r.decidedBy, workspace: ws.alias, job: r.job, correlationId, outcome, detail: { approvalId: id, ...detail },
      azureRequestId: ids.requestId, azureCorrelationId: ids.correlationRequestId,
    });
  // An earlier carrier of this request got as far as asking Azure (it died after that, or its outcome was not stored).
  const startedBefore = r.executingSince !== undefined;
  try {
    const job = await deps.azureml.getJob(ws, r.job);
    if (r.action === 'cancel') {
      if (startedBefore && (job.status === 'CancelRequested' || job.status === 'Canceled')) {
        await log('azure.cancel', `status ${job.status}`, { note: CONFIRMED_AFTER_RESTART });
        return { state: 'done', result: { status: job.status } };
      }
      if (!isCancellable(job.status)) {
        await log('azure.cancel.skipped', `job is ${job.status}`);
        return { state: 'failed', result: { status: job.status, message: `the job is no longer running (it is ${job.status}), so it was not cancelled.` } };
      }
      await begin();
      const cancel = await deps.azureml.cancelJob(ws, r.job, 2_500);
      // Azure took the cancel; a failed re-read only leaves the status at CancelRequested.
      if (cancel.readError) deps.logger.warn({ err: { message: (cancel.readError as Error).message }, approvalId: id }, 'cancel accepted; the job could not be re-read');
      await log('azure.cancel', `status ${cancel.status}`, undefined, cancel.ids);
      return { state: 'done', result: { status: cancel.status } };
    }
    if (r.action === 'rerun') {
      const newName = r.rerun!.newName;
      await begin();
      // Idempotent by name: a resumed or repeated carry-out finds the job it made (created: false).
      const made = await deps.azureml.rerunJob(ws, r.job, newName, { 'jobops.rerunOf': r.job, 'jobops.approvalId': id, 'jobops.approvedBy': r.decidedBy?.name ?? '' });
      await log('azure.job.create', `status ${made.job.status}`, { newName, ...(made.created ? {} : { note: CONFIRMED_AFTER_RESTART }) }, made.ids);
      return { state: 'done', result: { status: made.job.status } };
    }
    if (job.status !== 'Completed') {
      await log('azure.promote.skipped', `job is ${job.status}`);
      return { state: 'failed', result: { status: job.status, message: `only Completed jobs can be promoted; this one is ${job.status}.` } };
    }
    const p = r.promote!;
    await begin();
    // onceKey: a version already tagged with this approval's id is this approval's earlier registration, not a reason for another.
    const { version, ids, existing } = await deps.azureml.registerModelVersion(ws, p.modelName, {
      path: p.path, jobName: r.job, description: `Promoted from job ${r.job} by JobOps approval ${id}`, onceKey: 'jobops.approvalId',
      tags: { 'jobops.sourceJob': r.job, 'jobops.approvalId': id, 'jobops.approvedBy': r.decidedBy?.name ?? '', 'jobops.requestedBy': r.requester.name },
    });
    await log('azure.model.register', `version ${version}`, { model: p.modelName, version, ...(existing ? { note: CONFIRMED_AFTER_RESTART } : {}) }, ids);
    return { state: 'done', result: { modelVersion: version } };
  } catch (err) {
    if (err instanceof NotStarted) throw err;
    deps.logger.error({ err, correlationId, approvalId: id }, 'approved action failed');
    const message = toUserMessage(err, {
      operation: r.action === 'cancel' ? 'cancel the job' : r.action === 'rerun' ? 'submit the job again' : 'register the model',
      permission: r.action === 'cancel' ? 'Microsoft.MachineLearningServices/workspaces/jobs/cancel/action' : r.action === 'rerun' ? 'Microsoft.MachineLearningServices/workspaces/jobs/write' : 'Microsoft.MachineLearningServices/workspaces/models/versions/write',
      workspaceAlias: ws.alias, correlationId,
    });
    // The failing response's ids when there was one (none after a timeout or a dropped connection).
    await log(r.action === 'cancel' ? 'azure.cancel' : r.action === 'rerun' ? 'azure.job.create' : 'azure.model.register', 'error', { message: message.slice(0, 300) }, idsFromError(err));
    return { state: 'failed', result: { message } };
  }
}
