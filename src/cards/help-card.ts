import { AdaptiveCardV15, card } from './types';

export interface HelpModel {
  canCancel: boolean;
  /** Approvers of at least one workspace may choose an approval channel. */
  isApprover?: boolean;
  workspaces: { alias: string; production: boolean }[];
  defaultWorkspace: string;
}

/** Only the commands this user may use (issue #2), with one example each. */
export function helpCard(m: HelpModel): AdaptiveCardV15 {
  const lines = [
    ['list [in <ws>] [status=Failed,Running] [type=Command] [experiment=<name>] [tag=<k>[=<v>]] [mine] [since=12h] [top=10]', 'jobs, newest first'],
    ['show <job> [in <ws>]', 'status, timings, error, steps; why a queued job waits; cost so far'],
    ['summary <job> [in <ws>]', 'what the log says (also stream-summary, logs)'],
  ];
  if (m.canCancel) lines.push(['cancel <job> [in <ws>] [because <reason>]', 'stop a job (production needs approval)']);
  lines.push(['compare <job> <job> [in <ws>]', 'two runs side by side: metrics with deltas, parameters that differ, inputs, environment']);
  if (m.canCancel) lines.push(['rerun <job> [in <ws>] [because <reason>]', 'submit a failed or canceled job again (production needs approval)']);
  lines.push(['outputs <job> [in <ws>]', 'azureml:// URIs of its outputs and logs, and the az ml job download command']);
  lines.push(['promote <job> [in <ws>] as <model> [from <output>] [anyway because <reason>]', 'register a model from a Completed job, after an approver agrees; the card shows its metrics against the current version and the acceptance gates']);
  if (m.isApprover) lines.push(['approvals here for <ws>', 'in a channel: post that workspace\'s approval requests here']);
  if (m.canCancel) lines.push(['subscribe <ws> [failures|all|terminal|stuck] [experiment=…]', 'failure notices in this conversation']);
  lines.push(['subscriptions · unsubscribe <ws|id|all>', 'what this conversation receives']);
  lines.push(['mute <experiment|job> [in <ws>] for <N>h · unmute …', 'silence notices here']);
  lines.push(['audit <job> [in <ws>]', 'who asked, approved and cancelled what, and when']);
  lines.push(['help', 'this list']);
  const ws = m.workspaces.map((w) => `${w.alias}${w.production ? ' (production)' : ''}${w.alias === m.defaultWorkspace ? ' — default' : ''}`).join(', ');
  return card(
    [
      { type: 'TextBlock', text: 'JobOps — Azure ML jobs from Teams', weight: 'bolder', size: 'medium', wrap: true },
      { type: 'FactSet', facts: lines.map(([cmd, what]) => ({ title: cmd!, value: what! })) },
      // Not commands: the message extension works in any chat, also where the bot was never added.
      { type: 'TextBlock', text: 'In any chat or channel', weight: 'bolder', wrap: true, separator: true },
      { type: 'TextBlock', text: 'Paste an Azure ML Studio job link (ml.azure.com/runs/…): it becomes the job\'s card. Or find a job from the compose box (… → JobOps → Find a job, e.g. `failed in prod`) and insert its card.', wrap: true, spacing: 'none' },
      { type: 'TextBlock', text: `Workspaces: ${ws}`, wrap: true, isSubtle: true, separator: true },
      { type: 'TextBlock', text: 'Example: `list in prod status=Failed since=12h`', wrap: true, isSubtle: true },
    ],
    [],
    'JobOps commands: list, show, summary, compare, cancel, rerun, outputs, promote, audit, help',
  );
}
