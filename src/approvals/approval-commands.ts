import { Deps } from '../deps';
import { ProductionGate } from '../jobs/production-gate';
import { ALIAS, clip, fail, jobAndWorkspace } from '../text-commands/grammar';
import { Grammar, TextCommandFeature } from '../text-commands/text-command';
import { ApprovalService } from './approval-service';
import { requestProductionCancel, requestProductionRerun, requestPromotion, setApprovalChannel } from './request-actions';

export type ApprovalCommand =
  | { kind: 'promote'; job: string; workspace?: string; model: string; output?: string; override?: string }
  | { kind: 'approvals-here'; workspace: string };

const MODEL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;
const OUTPUT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/;
const EXAMPLES = {
  promote: 'promote train-abc in prod as fraud-model from model_output',
  approvals: 'approvals here for prod',
};

/** promote, approvals here: what only approvals can do. */
export const approvalGrammar: Grammar<ApprovalCommand> = {
  names: ['promote', 'approvals'],
  examples: EXAMPLES,
  parse(verb, words) {
    if (verb === 'promote') return parsePromote(words);
    if (verb === 'approvals') return parseApprovalsHere(words);
    return undefined;
  },
};

/** promote <job> [in <alias>] as <model-name> [from <output-name>] [anyway because <reason>] */
function parsePromote(input: string[]): ReturnType<typeof approvalGrammar.parse> {
  // "anyway because <reason>" overrides failed acceptance gates; the reason goes on the card and into the audit.
  const anyway = input.findIndex((w, i) => w.toLowerCase() === 'anyway' && input[i + 1]?.toLowerCase() === 'because');
  const words = anyway >= 0 ? input.slice(0, anyway) : input;
  const override = anyway >= 0 ? input.slice(anyway + 2).join(' ').trim() : undefined;
  if (anyway >= 0 && !override) return fail('Say why after "anyway because", for example `anyway because latency is measured on the old hardware`.', 'promote');
  const as = words.findIndex((w) => w.toLowerCase() === 'as');
  if (as < 0) return fail('Name the model after "as", for example `promote train-abc as fraud-model`.', 'promote');
  const r = jobAndWorkspace(words.slice(0, as), 'promote', EXAMPLES.promote);
  if (!r.ok) return r;
  if (r.rest.length > 0) return fail(`I did not understand "${clip(r.rest.join(' '))}" after the job name.`, 'promote');
  const [model, fromWord, output, ...extra] = words.slice(as + 1);
  if (!model || !MODEL_NAME.test(model)) return fail('Model names are letters, digits, - _ and . (up to 255), starting with a letter or digit.', 'promote');
  if (fromWord !== undefined && (fromWord.toLowerCase() !== 'from' || !output || !OUTPUT_NAME.test(output) || extra.length)) {
    return fail('Name the job output after "from", for example `from model_output`.', 'promote');
  }
  return { ok: true, command: { kind: 'promote', job: r.job, workspace: r.workspace, model, output, ...(override ? { override: override.slice(0, 500) } : {}) } };
}

/** approvals here for <alias> */
function parseApprovalsHere(words: string[]): ReturnType<typeof approvalGrammar.parse> {
  const [here, forWord, alias, ...extra] = words.map((w) => w.toLowerCase());
  if (here !== 'here' || forWord !== 'for' || !alias || !ALIAS.test(alias) || extra.length) {
    return fail('Say `approvals here for <workspace>` in the channel that should receive approval requests.', 'approvals');
  }
  return { ok: true, command: { kind: 'approvals-here', workspace: alias } };
}

export function approvalCommands(deps: Deps, service: ApprovalService): TextCommandFeature<ApprovalCommand> {
  return {
    grammar: approvalGrammar,
    async run(context, turn, cmd) {
      if (cmd.kind === 'approvals-here') return setApprovalChannel(deps, context, turn, cmd.workspace);
      await requestPromotion(deps, service, context, turn, cmd);
      return undefined;
    },
    failure: (cmd) => ({ operation: cmd.kind === 'promote' ? 'look up that job' : 'read that job' }),
  };
}

/** Production cancels and reruns go to the approvers (see jobs/production-gate.ts). */
export function productionGate(deps: Deps, service: ApprovalService): ProductionGate {
  return {
    requestCancel: (context, turn, ws, job, reason) => requestProductionCancel(deps, service, context, turn, ws, job, reason),
    requestRerun: (context, turn, ws, job, reason) => requestProductionRerun(deps, service, context, turn, ws, job, reason),
  };
}
