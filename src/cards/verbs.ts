/** Every Action.Execute verb the bot handles. Card data is always `{ h: <opaque handle id> }` (R3.2). */
export const VERBS = {
  showJob: 'job.show',
  refreshJob: 'job.refresh',
  summary: 'job.summary',
  cancelRequest: 'job.cancel',
  cancelConfirm: 'cancel.confirm',
  cancelKeep: 'cancel.keep',
  rerunRequest: 'job.rerun',
  rerunConfirm: 'rerun.confirm',
  rerunKeep: 'rerun.keep',
  listMore: 'list.more',
  summaryStop: 'summary.stop',
  summaryRefresh: 'summary.refresh',
  approvalApprove: 'approval.approve',
  approvalReject: 'approval.reject',
  approvalWithdraw: 'approval.withdraw',
  approvalRefresh: 'approval.refresh',
  noticeMute: 'notice.mute',
  compareLastGood: 'job.compare-last-good',
} as const;
export type Verb = (typeof VERBS)[keyof typeof VERBS];
export const ALL_VERBS: readonly Verb[] = Object.values(VERBS);
