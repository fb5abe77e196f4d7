/**
 * Every card the bot can send, one entry per card state, built with the real card functions and a
 * fixed clock so renders (and the PNGs under test/artifacts/cards/) are stable from run to run.
 *
 * `clicks` lists what pressing each visible Action.Execute must send: the verb and data the card
 * carries, plus the values of the card's inputs (Teams adds them to the data of every Execute).
 */
import { ApprovalRequest } from '../../src/approvals/approval-request';
import { alreadyInProgress, stillTrying } from '../../src/cards/progress-text';
import { Job, Run } from '../../src/azureml/types';
import { ApprovalViewer, approvalCard } from '../../src/cards/approval-card';
import { auditCard } from '../../src/cards/audit-card';
import { CancelCardState, cancelCard } from '../../src/cards/cancel-card';
import { helpCard } from '../../src/cards/help-card';
import { jobCard } from '../../src/cards/job-card';
import { JobListRow, jobListCard } from '../../src/cards/job-list-card';
import { messageCard } from '../../src/cards/message-card';
import { sharedJobCard } from '../../src/cards/shared-job-card';
import { unfurlCard } from '../../src/message-extensions/results';
import { digestCard, noticeCard } from '../../src/cards/notice-card';
import { causeGroupCard } from '../../src/cards/cause-group-card';
import { summaryCard } from '../../src/cards/summary-card';
import { rerunCard } from '../../src/cards/rerun-card';
import { outputsCard } from '../../src/cards/outputs-card';
import { AdaptiveCardV15 } from '../../src/cards/types';
import { compareCard } from '../../src/cards/compare-card';
import { promotionRefusedCard } from '../../src/cards/promotion-refused-card';
import { compareView } from '../../src/compare/compare-view';
import { PromotionEvidence } from '../../src/evidence/evidence-schema';
import { Evidence } from '../../src/evidence/run-evidence';

export const NOW = new Date('2024-07-24T12:00:00.000Z');
const ago = (h: number): Date => new Date(NOW.getTime() - h * 3_600_000);
const isoAgo = (h: number): string => ago(h).toISOString();
const STUDIO = 'https://ml.azure.com/runs/train-resnet50-nightly?wsid=/subscriptions/0000/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/prod';

/** Handles look like real ones (22 base64url characters). */
const h = (tag: string): string => `${tag}${'x'.repeat(22 - tag.length - 2)}01`;

export interface CardFixture {
  name: string;
  card: AdaptiveCardV15;
  /** Values typed into the card's inputs before pressing buttons (id → value). */
  inputs?: Record<string, string>;
}

function job(over: Partial<Job> = {}): Job {
  return {
    name: 'train-resnet50-nightly', type: 'Command', status: 'Running', experiment: 'nightly-retrain',
    submitter: 'Priya Patel', submitterType: 'User', compute: 'gpu-cluster', createdAt: ago(3), startedAt: ago(2),
    tags: {}, inputs: [], outputs: [], archived: false, ...over,
  };
}

const STATUSES = ['Failed', 'Running', 'Completed', 'Queued', 'Running', 'Completed', 'CancelRequested', 'Completed', 'Canceled', 'NotResponding'];

function listRows(n: number): JobListRow[] {
  return Array.from({ length: n }, (_, i) => {
    const status = STATUSES[i % STATUSES.length]!;
    const done = ['Failed', 'Completed', 'Canceled'].includes(status);
    return {
      job: job({
        name: i % 4 === 0 ? `hd-sweep-${i}-learning-rate-0.0003-batch-256-epochs-90-with-a-long-generated-suffix` : `train-${['resnet50', 'bert-base', 'llama-ft', 'xgb'][i % 4]}-${i}`,
        displayName: i % 5 === 1 ? 'Nightly retrain — ResNet-50 on ImageNet-1k subset' : undefined,
        type: ['Command', 'Sweep', 'Pipeline', 'AutoML'][i % 4]!,
        status,
        experiment: i % 3 === 0 ? 'nightly-retrain' : 'fraud-detection-feature-engineering-v2',
        submitter: i % 6 === 3 ? undefined : ['Priya Patel', 'Jonas Müller', 'Aiko Tanaka'][i % 3],
        createdAt: ago(1 + i * 0.7),
        startedAt: status === 'Queued' ? undefined : ago(0.8 + i * 0.7),
        endedAt: done ? ago(0.2 + i * 0.5) : undefined,
      }),
      showHandle: h('LIST'),
      index: i,
    };
  });
}

function children(): Run[] {
  const names = ['prep-data', 'featurize', 'split', 'train-a', 'train-b', 'train-c', 'evaluate', 'register', 'score', 'report', 'export-onnx', 'notify', 'cleanup', 'archive'];
  const status = ['Completed', 'Completed', 'Completed', 'Completed', 'Failed', 'Completed', 'Canceled', 'NotStarted', 'NotStarted', 'NotStarted', 'NotStarted', 'NotStarted', 'NotStarted', 'NotStarted'];
  return names.map((displayName, i) => ({ runId: `run-${i}`, displayName, status: status[i]! }));
}

function approval(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    action: 'cancel', workspace: 'prod', job: 'train-resnet50-nightly',
    facts: {
      displayName: 'Nightly retrain — ResNet-50', type: 'Command', status: 'Running', experiment: 'nightly-retrain',
      submitter: 'Priya Patel', compute: 'gpu-cluster', startedAt: isoAgo(2), studioUrl: STUDIO,
    },
    requester: { id: '29:requester', name: 'Jonas Müller', aadObjectId: '00000000-0000-0000-0000-0000000000b1' },
    reason: 'runaway: loss is NaN since epoch 3 and it holds 8 GPUs',
    state: 'pending', createdAt: isoAgo(0.25), expiresAt: new Date(NOW.getTime() + 45 * 60_000).toISOString(),
    posts: [], viewers: ['29:requester', '29:approver'],
    approvers: [{ aadObjectId: '00000000-0000-0000-0000-0000000000a1', name: 'Alex Wilber' }],
    escalated: false, originConversationId: 'a:conv-1', originReference: {},
    ...over,
  };
}

const decided = { decidedBy: { id: '29:approver', name: 'Alex Wilber' }, decidedAt: isoAgo(0.1) };
const promote = {
  action: 'promote' as const,
  promote: { modelName: 'resnet50-imagenet', outputName: 'model', path: 'azureml://jobs/train-resnet50-nightly/outputs/model' },
  facts: { ...approval().facts, status: 'Completed', tags: { accuracy: '0.912', 'top5-accuracy': '0.987', dataset: 'imagenet-1k-subset' } },
};

function cancel(state: CancelCardState, over: Partial<Job> = {}): AdaptiveCardV15 {
  const compute = state.kind === 'confirm' ? { cost: '16 node-hours, 128 GPU-hours, about $435 (estimate at list price)', perHour: 'about $218 per hour (8 nodes, estimate at list price)' } : undefined;
  return cancelCard({ workspaceAlias: 'dev', job: job(over), requestedBy: 'Jonas Müller', reason: 'wrong learning rate', now: NOW, state, showHandle: h('SHOW'), compute });
}

function approvalFor(viewer: ApprovalViewer, over: Partial<ApprovalRequest> = {}): AdaptiveCardV15 {
  return approvalCard({ id: h('APPR'), request: approval(over), viewer, now: NOW });
}

const handles = { summary: h('SUMM'), refresh: h('REFR'), cancel: h('CANC') };
const evidence = [
  'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity; 13.12 GiB already allocated)',
  '  File "/mnt/azureml/cr/j/5f1c/exe/wd/train.py", line 212, in train_one_epoch',
  'RuntimeError: DataLoader worker (pid 4121) is killed by signal: Killed.',
];

/** Two runs as the compare card gets them: a pipeline's model step against a command job, as in the emulator. */
function side(name: string, over: Partial<Evidence> = {}): Evidence {
  const at = ago(20);
  return {
    workspace: 'prod',
    job: job({ name, status: 'Completed', endedAt: ago(19), startedAt: ago(20.2), inputs: [{ name: 'training_data', uri: 'azureml:fraud-transactions:12' }], outputs: [{ name: 'model', uri: `azureml://jobs/${name}/outputs/model` }] }),
    spec: { command: 'python train.py --max-depth 8 --learning-rate 0.05', environment: { name: 'fraud-gbm-env', version: '3' }, nodeCount: 1, outputSteps: [], inputs: [] },
    source: { runId: name },
    metrics: [{ key: 'auc', value: 0.941, step: 20, at }, { key: 'latency_ms', value: 43.4, step: 20, at }, { key: 'recall', value: 0.792, step: 20, at }, { key: 'train_loss', value: 0.187, step: 20, at }],
    params: { max_depth: '8', learning_rate: '0.05', epochs: '20' },
    ...over,
  };
}

const baseline = side('pipe-retrain-prod-15', {
  job: job({ name: 'pipe-retrain-prod-15', type: 'Pipeline', status: 'Completed', endedAt: ago(47), startedAt: ago(48), inputs: [{ name: 'training_data', uri: 'azureml:fraud-transactions:11' }], outputs: [{ name: 'model' }] }),
  source: { runId: 'step-guid', label: "step train (it produced the pipeline's model output)" },
  spec: { command: 'python train.py --max-depth 6 --learning-rate 0.05', environment: { name: 'fraud-gbm-env', version: '2' }, nodeCount: 2, outputSteps: ['train'], inputs: [] },
  metrics: [{ key: 'auc', value: 0.927, step: 20, at: ago(47) }, { key: 'latency_ms', value: 36.2, step: 20, at: ago(47) }, { key: 'recall', value: 0.806, step: 20, at: ago(47) }, { key: 'train_loss', value: NaN, step: 20, at: ago(47) }],
  params: { max_depth: '6', learning_rate: '0.05', epochs: '20' },
});

const promotionEvidence: PromotionEvidence = {
  current: { version: '1', job: 'pipe-retrain-prod-15', source: "step train (it produced the pipeline's model output)" },
  metrics: [
    { key: 'auc', value: '0.941', at: 'step 20, 2024-07-23 16:00 UTC', current: '0.927', delta: '+0.014 (+1.5%) ▲ better', tone: 'good', best: 'best 0.944 at step 17' },
    { key: 'latency_ms', value: '43.4', at: 'step 20, 2024-07-23 16:00 UTC', current: '36.2', delta: '+7.2 (+19.9%) ▲ worse', tone: 'bad' },
    { key: 'recall', value: '0.792', at: 'step 20, 2024-07-23 16:00 UTC', current: '0.806', delta: '−0.014 (−1.7%) ▼ worse', tone: 'bad' },
  ],
  gates: [
    { rule: 'auc >= 0.92', passed: true, detail: '0.941' },
    { rule: 'latency_ms <= 40', passed: false, detail: '43.4 does not meet <= 40' },
    { rule: 'auc not worse than current by more than 0.5%', passed: true, detail: '0.941 vs 0.927 in version 1 (+1.51%)' },
  ],
};
const gatedPromote = {
  action: 'promote' as const, job: 'train-fraud-gbm-prod-21', reason: 'latency is measured on the old CPU pool',
  promote: { modelName: 'fraud-gbm', outputName: 'model', path: 'azureml://jobs/train-fraud-gbm-prod-21/outputs/model' },
  facts: { ...approval().facts, status: 'Completed' }, evidence: { ...promotionEvidence, override: 'latency is measured on the old CPU pool' },
};

export function cardFixtures(): CardFixture[] {
  return [
    { name: 'list-empty', card: jobListCard({ workspaceAlias: 'dev', production: false, filtersText: 'Newest first · status Failed · since 12h', rows: [], now: NOW, pageNumber: 1 }) },
    { name: 'list-25-more', card: jobListCard({ workspaceAlias: 'prod', production: true, filtersText: 'Newest first · last 24h', rows: listRows(25), moreHandle: h('MORE'), now: NOW, pageNumber: 1 }) },
    { name: 'list-filtered-page2', card: jobListCard({ workspaceAlias: 'prod', production: true, filtersText: 'Newest first · status Failed, Running · type Command · experiment nightly-retrain · mine', rows: listRows(4).slice(0, 2), now: NOW, pageNumber: 2 }) },

    { name: 'job-running-command', card: jobCard({ workspaceAlias: 'prod', production: true, job: job({ studioUrl: STUDIO, tags: { team: 'vision', owner: 'priya' } }), now: NOW, handles }) },
    {
      name: 'job-failed-pipeline',
      card: jobCard({
        workspaceAlias: 'dev', production: false,
        job: job({ name: 'pipeline-fraud-weekly-2024-07-24', type: 'Pipeline', status: 'Failed', endedAt: ago(0.5), experiment: 'fraud-detection-feature-engineering-v2' }),
        verdict: { label: 'Out of memory', headline: 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity; 13.12 GiB already allocated; 1.02 GiB free; 13.50 GiB reserved…', nextStep: 'Reduce the batch size or use gradient accumulation; this GPU has 15.78 GiB. A VM size with more GPU memory also works.', code: 'UserError' },
        children: children(), now: NOW, handles: { summary: handles.summary, refresh: handles.refresh },
      }),
    },
    {
      name: 'job-completed-studio',
      card: jobCard({
        workspaceAlias: 'prod', production: true,
        job: job({ status: 'Completed', endedAt: ago(0.2), studioUrl: STUDIO, outputs: [{ name: 'model', uri: 'azureml://datastores/workspaceblobstore/paths/azureml/train-resnet50-nightly/model/' }], inputs: [{ name: 'training_data', uri: 'azureml:imagenet-1k-subset:3' }] }),
        now: NOW, handles: { summary: handles.summary, refresh: handles.refresh },
      }),
    },

    // Shared into a conversation by a pasted Studio link or the compose-box search (issue 16).
    {
      // As a pasted link unfurls it: declared 1.3, buttons with their Action.Submit fallbacks.
      name: 'job-shared-failed',
      card: unfurlCard(sharedJobCard({
        workspaceAlias: 'prod', production: true, now: NOW, handles: { details: h('SHOW'), summary: h('SUMM') },
        job: job({ status: 'Failed', endedAt: ago(0.5), studioUrl: STUDIO, displayName: 'Nightly retrain — ResNet-50 on ImageNet-1k subset' }),
        triage: { label: 'Out of memory', headline: 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity; 13.12 GiB already allocated)' },
      })),
    },
    { name: 'job-shared-running', card: sharedJobCard({ workspaceAlias: 'dev', production: false, now: NOW, job: job({ studioUrl: STUDIO }), handles: { details: h('SHOW'), summary: h('SUMM') } }) },
    { name: 'job-shared-search-result', card: sharedJobCard({ workspaceAlias: 'dev', production: false, now: NOW, job: job({ status: 'Queued', startedAt: undefined }), handles: { details: h('SHOW'), summary: h('SHOW') } }) },

    {
      name: 'summary-failed-evidence',
      card: summaryCard({
        workspaceAlias: 'prod', jobName: 'train-resnet50-nightly', jobType: 'Command', status: 'Failed', startedAt: ago(2), endedAt: ago(0.5), now: NOW,
        log: { file: 'user_logs/std_log.txt', categoryLabel: 'Out of GPU memory', failed: true, headline: 'CUDA out of memory while allocating 2.00 GiB in train_one_epoch', evidence, lastLines: ['Epoch 3/90: 41%|████      | 512/1251 [04:12<06:04, 2.03it/s]', ...evidence], bytesRead: 1_572_864, totalBytes: 1_572_864, nextStep: { text: 'Reduce the batch size or use gradient accumulation; this GPU has 15.78 GiB. A VM size with more GPU memory also works.', learnUrl: 'https://learn.microsoft.com/azure/machine-learning/how-to-log-view-metrics' }, decidedBy: ['user_logs/std_log.txt'] },
        handles: { show: h('SHOW'), refresh: h('REFR') },
      }),
    },
    {
      name: 'summary-running-live',
      card: summaryCard({
        workspaceAlias: 'prod', jobName: 'train-resnet50-nightly', jobType: 'Command', status: 'Running', startedAt: ago(2), now: NOW,
        log: { file: 'user_logs/std_log.txt', categoryLabel: 'Training', failed: false, headline: 'epoch 3 of 90, loss 1.842', evidence: [], lastLines: ['Epoch 3/90: 41%|████      | 512/1251 [04:12<06:04, 2.03it/s]', 'loss=1.842 lr=0.0003'], progress: 'epoch 3/90 (41%)', bytesRead: 48_000, totalBytes: 2_400_000_000 },
        live: { stopHandle: h('STOP'), everySeconds: 30, untilUtc: new Date(NOW.getTime() + 3_600_000) },
        handles: { show: h('SHOW'), refresh: h('REFR') },
      }),
    },
    {
      name: 'summary-no-log',
      card: summaryCard({ workspaceAlias: 'dev', jobName: 'sweep-lr-search', jobType: 'Sweep', status: 'Queued', now: NOW, noLogReason: 'No log yet: the job is queued and has not started.', stopped: 'Updates stopped: the job has no log to follow.', handles: { show: h('SHOW'), refresh: h('REFR') } }),
    },

    { name: 'cancel-confirm', card: cancel({ kind: 'confirm', confirmHandle: h('CONF'), keepHandle: h('KEEP') }) },
    { name: 'cancel-kept', card: cancel({ kind: 'kept', by: 'Jonas Müller', at: ago(0.05) }) },
    { name: 'cancel-cancelled', card: cancel({ kind: 'cancelled', by: 'Jonas Müller', at: ago(0.05), confirmed: false }, { status: 'CancelRequested' }) },
    { name: 'cancel-not-cancellable', card: cancel({ kind: 'not-cancellable', reason: 'train-resnet50-nightly already Completed 12 minutes ago; there is nothing to cancel.' }, { status: 'Completed', endedAt: ago(0.2) }) },
    { name: 'cancel-working-throttled', card: cancel({ kind: 'working', note: stillTrying('throttled') }) },
    { name: 'cancel-working-second-press', card: cancel({ kind: 'working', note: alreadyInProgress('Jonas Müller', '09:41 UTC') }) },
    { name: 'cancel-failed', card: cancel({ kind: 'failed', message: 'Azure ML refused the cancel: the bot\'s identity lacks Microsoft.MachineLearningServices/workspaces/jobs/cancel/action on dev. Ask an admin to grant it (correlation a1b2c3d4).' }) },

    { name: 'help', card: helpCard({ canCancel: true, isApprover: true, workspaces: [{ alias: 'dev', production: false }, { alias: 'prod', production: true }], defaultWorkspace: 'dev' }) },
    { name: 'message-error', card: messageCard({ title: 'I can\'t read jobs in prod', text: 'The bot\'s identity lacks Microsoft.MachineLearningServices/workspaces/jobs/read on that workspace. Ask an admin to grant it (correlation 7f3e9a01).', tone: 'error' }) },
    { name: 'message-info', card: messageCard({ title: 'Subscribed', text: 'This channel now gets a notice when a job in prod fails or gets stuck.', tone: 'info' }) },

    {
      name: 'audit',
      card: auditCard({
        workspaceAlias: 'prod', job: 'train-resnet50-nightly', earlier: 3,
        entries: [
          { at: isoAgo(0.3), action: 'cancel.request', actor: { name: 'Jonas Müller' }, outcome: 'approval requested', detail: { reason: 'runaway' } },
          { at: isoAgo(0.2), action: 'approval.approve', actor: { name: 'Alex Wilber' }, outcome: 'approved' },
          { at: isoAgo(0.19), action: 'cancel.result', actor: { name: 'Alex Wilber' }, outcome: 'cancelled: CancelRequested', detail: { correlation: 'a1b2c3d4' } },
        ],
      }),
    },

    { name: 'approval-pending-approver', card: approvalFor('approver'), inputs: { comment: 'Not during the demo, please' } },
    { name: 'approval-pending-requester', card: approvalFor('requester') },
    { name: 'approval-pending-other', card: approvalFor('other') },
    { name: 'approval-done-cancel', card: approvalFor('other', { state: 'done', ...decided, result: { status: 'CancelRequested' } }) },
    { name: 'approval-done-promote', card: approvalFor('requester', { ...promote, state: 'done', ...decided, result: { modelVersion: '7' } }) },
    { name: 'approval-approved-still-trying', card: approvalCard({ id: h('APPR'), request: approval({ state: 'approved', ...decided }), viewer: 'other', now: NOW, progress: stillTrying('not-answering') }) },
    { name: 'approval-rejected', card: approvalFor('requester', { state: 'rejected', ...decided, comment: 'Not during the demo, please' }) },
    { name: 'approval-expired', card: approvalFor('approver', { state: 'expired', expiresAt: isoAgo(0.5) }) },
    { name: 'approval-promote-evidence-override', card: approvalFor('approver', gatedPromote), inputs: { comment: 'OK for one week' } },
    { name: 'promotion-refused-gates', card: promotionRefusedCard({ job: 'train-fraud-gbm-prod-21', workspaceAlias: 'prod', model: 'fraud-gbm', evidence: promotionEvidence }) },
    { name: 'compare-runs', card: compareCard(compareView(baseline, side('train-fraud-gbm-prod-21'), 'Compare pipe-retrain-prod-15 ↔ train-fraud-gbm-prod-21')) },
    { name: 'job-completed-compare-button', card: jobCard({ workspaceAlias: 'prod', production: true, job: job({ status: 'Completed', endedAt: ago(1) }), now: NOW, handles: { summary: handles.summary, refresh: handles.refresh } }) },
    { name: 'approval-failed', card: approvalFor('other', { ...promote, state: 'failed', ...decided, result: { message: 'Output "model" of train-resnet50-nightly has no files; nothing to register.' } }) },

    {
      name: 'notice-failure-triage',
      card: noticeCard({
        workspaceAlias: 'prod', now: NOW,
        job: job({ status: 'Failed', endedAt: ago(0.1), studioUrl: STUDIO }),
        triage: { categoryLabel: 'Out of GPU memory', headline: 'CUDA out of memory while allocating 2.00 GiB in train_one_epoch', evidence, nextStep: { text: 'Reduce the batch size or use gradient accumulation; this GPU has 15.78 GiB. A VM size with more GPU memory also works.', learnUrl: 'https://learn.microsoft.com/azure/machine-learning/how-to-log-view-metrics' } },
        handles: { job: h('NJOB'), mute: h('MUTE') },
      }),
    },
    {
      name: 'notice-same-cause-group',
      card: causeGroupCard({
        workspaceAlias: 'dev', now: NOW, categoryLabel: 'Image build failure', headline: 'ResolvePackageNotFound: pytorch-cuda=12.9',
        nextStep: { text: "Conda cannot find `pytorch-cuda=12.9` on the environment's channels: fix the pin or add the channel that has it in the conda file, then rebuild the environment.", learnUrl: 'https://learn.microsoft.com/azure/machine-learning/how-to-troubleshoot-environments' },
        jobs: ['train-gpt2-small-3', 'train-gpt2-small-4', 'eval-gpt2-small-nightly'], handles: { latest: h('NJOB'), mute: h('MUTE') },
      }),
    },
    {
      name: 'job-queued-full-cluster',
      card: jobCard({
        workspaceAlias: 'dev', production: false, now: NOW, handles,
        job: job({ name: 'train-detr-coco-15', status: 'Queued', startedAt: undefined, createdAt: ago(0.2), compute: 'gpu-cluster-nc6' }),
        compute: { waiting: { sentence: 'Waiting for a node: cluster gpu-cluster-nc6 is at its maximum of 4 nodes, all busy (running there: sweep-lr-42, train-resnet50-nightly and 1 more).', detail: '4 of 4 nodes busy, 0 idle; Steady' } },
      }),
    },
    {
      name: 'job-queued-out-of-quota',
      card: jobCard({
        workspaceAlias: 'prod', production: true, now: NOW, handles,
        job: job({ name: 'train-fraud-llm-prod-4', status: 'Queued', startedAt: undefined, createdAt: ago(0.75), compute: 'prod-gpu-a100' }),
        compute: { waiting: { sentence: 'The cluster cannot grow: 96 of 96 cores of the NCADSA100v4 family in eastus2 are in use, and one more Standard_NC24ads_A100_v4 node needs 24.', detail: '1 of 4 nodes busy, 0 idle; Steady' } },
      }),
    },
    {
      name: 'job-running-cost',
      card: jobCard({
        workspaceAlias: 'prod', production: true, now: NOW, job: job({ studioUrl: STUDIO }), handles,
        compute: { cost: '16 node-hours, 128 GPU-hours, about $435 (estimate at list price)', perHour: 'about $218 per hour (8 nodes, estimate at list price)' },
      }),
    },
    { name: 'job-failed-rerun', card: jobCard({ workspaceAlias: 'dev', production: false, now: NOW, job: job({ status: 'Failed', endedAt: ago(0.3) }), handles: { summary: h('SUMM'), refresh: h('REFR'), rerun: h('RERU') }, compute: { cost: '0.8 node-hours, 0.8 GPU-hours, about $2.30 (estimate at list price)' } }) },
    {
      name: 'rerun-confirm',
      card: rerunCard({ workspaceAlias: 'dev', job: 'train-lstm-sentiment-14', jobType: 'Command', status: 'Failed', compute: 'gpu-cluster-nc6', newName: 'train-lstm-sentiment-14-rerun-2cae5c', requestedBy: 'Jonas Müller', reason: 'fixed the tokenizer', showHandle: h('SHOW'), state: { kind: 'confirm', handle: h('RERU') } }),
    },
    { name: 'rerun-automl-refused', card: rerunCard({ workspaceAlias: 'dev', job: 'automl-churn-classify-2', jobType: 'AutoML', status: 'Failed', newName: '—', requestedBy: 'Jonas Müller', showHandle: h('SHOW'), state: { kind: 'not-rerunnable', why: 'Rerun does not support AutoML jobs: resubmit `automl-churn-classify-2` from the Studio or with `az ml job create`.' } }) },
    { name: 'approval-pending-rerun', card: approvalFor('approver', { action: 'rerun', rerun: { newName: 'pipe-retrain-prod-16-rerun-65ff08' }, facts: { ...approval().facts, status: 'Failed' }, reason: 'storage permission fixed' }), inputs: { comment: 'ok' } },
    { name: 'approval-done-rerun', card: approvalFor('other', { action: 'rerun', rerun: { newName: 'pipe-retrain-prod-16-rerun-65ff08' }, state: 'done', ...decided, result: { status: 'NotStarted' } }) },
    { name: 'approval-pending-cancel-cost', card: approvalFor('approver', { facts: { ...approval().facts, cost: '16 node-hours, 128 GPU-hours, about $435 (estimate at list price)', perHour: 'about $218 per hour (8 nodes, estimate at list price)' } }) },
    {
      name: 'outputs',
      card: outputsCard({
        workspaceAlias: 'dev', job: 'train-resnet50-nightly', status: 'Completed', studioUrl: STUDIO, showHandle: h('SHOW'),
        items: [
          { name: 'model', kind: 'uri_folder', uri: 'azureml://datastores/workspaceblobstore/paths/azureml/train-resnet50-nightly/model/' },
          { name: 'user_logs', kind: 'log folder', uri: 'azureml://jobs/train-resnet50-nightly/outputs/artifacts/paths/user_logs/' },
          { name: 'system_logs', kind: 'log folder', uri: 'azureml://jobs/train-resnet50-nightly/outputs/artifacts/paths/system_logs/' },
        ],
        downloadAll: 'az ml job download --name train-resnet50-nightly --resource-group ml --workspace-name prod --subscription 0000 --all --download-path ./train-resnet50-nightly',
        downloadOne: 'az ml job download --name train-resnet50-nightly --resource-group ml --workspace-name prod --subscription 0000 --output-name model --download-path ./train-resnet50-nightly',
      }),
    },
    {
      name: 'notice-runaway-cost',
      card: noticeCard({ workspaceAlias: 'prod', now: NOW, job: job(), alert: 'Running for more than 6 h', compute: { cost: '16 node-hours, 128 GPU-hours, about $435 (estimate at list price)', perHour: 'about $218 per hour (8 nodes, estimate at list price)' }, handles: { job: h('NJOB') } }),
    },
    {
      name: 'notice-failure-rerun',
      card: noticeCard({ workspaceAlias: 'dev', now: NOW, job: job({ status: 'Failed', endedAt: ago(0.1), studioUrl: STUDIO }), triage: { categoryLabel: 'Out of GPU memory', headline: 'CUDA out of memory while allocating 2.00 GiB', evidence: evidence.slice(0, 1) }, handles: { job: h('NJOB'), mute: h('MUTE'), rerun: h('NJOB') } }),
    },
    { name: 'notice-stuck-alert', card: noticeCard({ workspaceAlias: 'prod', now: NOW, job: job({ status: 'Queued', startedAt: undefined, createdAt: ago(5) }), alert: 'Stuck in Queued for 5h 0m', compute: { waiting: { sentence: 'The cluster cannot grow: 96 of 96 cores of the NCADSA100v4 family in eastus2 are in use, and one more Standard_NC24ads_A100_v4 node needs 24.', detail: '1 of 4 nodes busy, 0 idle; Steady' } }, handles: { job: h('NJOB') } }) },
    {
      name: 'digest',
      card: digestCard({
        workspaceAlias: 'dev', parent: 'hd-sweep-lr-2024-07-24', now: NOW, handles: { parent: h('PARE'), mute: h('MUTE') },
        children: Array.from({ length: 18 }, (_, i) => ({ name: `hd-sweep-lr-2024-07-24_${i}`, status: 'Failed', headline: i % 2 ? 'CUDA out of memory' : 'NaN loss at step 1200' })),
      }),
    },
  ];
}
