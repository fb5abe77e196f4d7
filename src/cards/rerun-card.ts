import { plain } from './format';
import { Action, AdaptiveCardV15, CardElement, card, execute } from './types';
import { VERBS } from './verbs';

export interface RerunCardModel {
  workspaceAlias: string;
  job: string;
  jobType: string;
  status: string;
  compute?: string;
  newName: string;
  requestedBy: string;
  reason?: string;
  state: { kind: 'confirm'; handle: string } | { kind: 'kept'; by: string } | { kind: 'not-rerunnable'; why: string };
  showHandle: string;
}

/** The dry view of a rerun: what will be submitted again, under which name, before anything is sent to Azure. */
export function rerunCard(m: RerunCardModel): AdaptiveCardV15 {
  const body: CardElement[] = [
    { type: 'TextBlock', text: `Run ${plain(m.job, 120)} again?`, weight: 'bolder', size: 'medium', wrap: true },
  ];
  if (m.state.kind === 'not-rerunnable') body.push({ type: 'TextBlock', text: plain(m.state.why, 300), color: 'attention', wrap: true });
  if (m.state.kind === 'kept') body.push({ type: 'TextBlock', text: `Not rerun: kept as it is by ${plain(m.state.by, 60)}.`, wrap: true });
  body.push({
    type: 'FactSet',
    facts: [
      { title: 'Workspace', value: m.workspaceAlias },
      { title: 'Job', value: `${plain(m.job, 120)} (${m.jobType}, ${m.status})` },
      { title: 'Compute', value: m.compute ? plain(m.compute, 60) : 'serverless' },
      { title: 'New job', value: plain(m.newName, 160) },
      { title: 'Asked by', value: plain(m.requestedBy, 60) },
      ...(m.reason ? [{ title: 'Because', value: plain(m.reason, 300) }] : []),
    ],
  });
  if (m.state.kind === 'confirm') body.push({ type: 'TextBlock', text: 'The same definition is submitted under the new name, tagged jobops.rerunOf.', isSubtle: true, size: 'small', wrap: true });
  const actions: Action[] = m.state.kind === 'confirm'
    ? [execute('Rerun job', VERBS.rerunConfirm, m.state.handle, 'positive'), execute('Keep as is', VERBS.rerunKeep, m.state.handle), execute('Show job', VERBS.showJob, m.showHandle)]
    : [execute('Show job', VERBS.showJob, m.showHandle)];
  return card(body, actions, `Rerun ${m.job}?`);
}
