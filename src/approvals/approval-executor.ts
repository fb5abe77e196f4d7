import { AzureIds, idsFromError } from '../azureml/azure-signals';
import { isCancellable } from '../azureml/status';
import { WorkspaceConfig } from '../config';
import { Deps } from '../deps';
import { toUserMessage } from '../shared/to-user-message';
import { ApprovalRequest } from './approval-request';

export type ExecutionResult = Pick<ApprovalRequest, 'state' | 'result'> & { status?: string };

/**
 * Carries out an approved request. Runs only after the decision is stored (R2.3); re-reads the
 * job first and does nothing if it drifted (R2.4); confirms the end state with a GET.
 */
export async function execute(deps: Deps, ws: WorkspaceConfig, id: string, r: ApprovalRequest, correlationId: string): Promise<ExecutionResult> {
  const log = (action: string, outcome: string, detail?: Record<string, string>, ids: AzureIds = {}): Promise<void> =>
    deps.audit.record({
      action, actor: r.decidedBy, workspace: ws.alias, job: r.job, correlationId, outcome, detail: { approvalId: id, ...detail },
      azureRequestId: ids.requestId, azureCorrelationId: ids.correlationRequestId,
    });
  try {
    const job = await deps.azureml.getJob(ws, r.job);
    if (r.action === 'cancel') {
      if (!isCancellable(job.status)) {
        await log('azure.cancel.skipped', `job is ${job.status}`);
        return { state: 'failed', result: { status: job.status, message: `the job is no longer running (it is ${job.status}), so it was not cancelled.` } };
      }
      const cancel = await deps.azureml.cancelJob(ws, r.job, 2_500);
      const after = await deps.azureml.getJob(ws, r.job);
      await log('azure.cancel', `status ${after.status}`, undefined, cancel.ids);
      return { state: 'done', result: { status: after.status } };
    }
    if (job.status !== 'Completed') {
      await log('azure.promote.skipped', `job is ${job.status}`);
      return { state: 'failed', result: { status: job.status, message: `only Completed jobs can be promoted; this one is ${job.status}.` } };
    }
    const p = r.promote!;
    const { version, ids } = await deps.azureml.registerModelVersion(ws, p.modelName, {
      path: p.path, jobName: r.job, description: `Promoted from job ${r.job} by JobOps approval ${id}`,
      tags: { 'jobops.sourceJob': r.job, 'jobops.approvalId': id, 'jobops.approvedBy': r.decidedBy?.name ?? '', 'jobops.requestedBy': r.requester.name },
    });
    await log('azure.model.register', `version ${version}`, { model: p.modelName, version }, ids);
    return { state: 'done', result: { modelVersion: version } };
  } catch (err) {
    deps.logger.error({ err, correlationId, approvalId: id }, 'approved action failed');
    const message = toUserMessage(err, {
      operation: r.action === 'cancel' ? 'cancel the job' : 'register the model',
      permission: r.action === 'cancel' ? 'Microsoft.MachineLearningServices/workspaces/jobs/cancel/action' : 'Microsoft.MachineLearningServices/workspaces/models/versions/write',
      workspaceAlias: ws.alias, correlationId,
    });
    // The failing response's ids when there was one (none after a timeout or a dropped connection).
    await log(r.action === 'cancel' ? 'azure.cancel' : 'azure.model.register', 'error', { message: message.slice(0, 300) }, idsFromError(err));
    return { state: 'failed', result: { message } };
  }
}
