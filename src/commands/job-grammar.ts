import { ListArgs, parseListArgs } from '../jobs/list-args';
import { ParseResult, clip, fail, jobAndWorkspace } from '../text-commands/grammar';
import { Grammar } from '../text-commands/text-command';

export type JobCommand =
  | { kind: 'help' }
  | ({ kind: 'list' } & ListArgs)
  | { kind: 'show'; job: string; workspace?: string }
  | { kind: 'summary'; job: string; workspace?: string }
  | { kind: 'cancel'; job: string; workspace?: string; reason?: string }
  | { kind: 'rerun'; job: string; workspace?: string; reason?: string }
  | { kind: 'outputs'; job: string; workspace?: string }
  | { kind: 'audit'; job: string; workspace?: string };

/** Aliases people use for the log summary ("stream" after `az ml job stream`). */
export const SUMMARY_ALIASES = ['summary', 'stream-summary', 'logs', 'summarize'] as const;

const EXAMPLES: Record<string, string> = {
  help: 'help',
  list: 'list in prod status=Failed,Running since=12h',
  show: 'show train-resnet50-nightly',
  summary: 'summary train-resnet50-nightly in prod',
  cancel: 'cancel sweep-lr-42 because runaway',
  rerun: 'rerun train-bert-finetune-7 because fixed the batch size',
  outputs: 'outputs train-resnet50-nightly in dev',
  audit: 'audit sweep-lr-42 in dev',
};

/** help, list, show, summary, cancel, rerun, outputs, audit: the commands about jobs themselves. */
export const jobGrammar: Grammar<JobCommand> = {
  names: ['help', 'list', 'show', 'summary', 'cancel', 'rerun', 'outputs', 'audit'],
  aliases: { 'stream-summary': 'summary' },
  examples: EXAMPLES,
  parse(verb, words) {
    if (verb === 'help' || verb === '?') return { ok: true, command: { kind: 'help' } };
    if (verb === 'list' || verb === 'ls') {
      const r = parseListArgs(words);
      return r.ok ? { ok: true, command: { kind: 'list', ...r.command } } : r;
    }
    if (verb === 'show' || verb === 'get') return parseJobCommand('show', words);
    if ((SUMMARY_ALIASES as readonly string[]).includes(verb)) return parseJobCommand('summary', words);
    if (verb === 'cancel') return parseWithReason('cancel', words);
    if (verb === 'rerun') return parseWithReason('rerun', words);
    if (verb === 'outputs') return parseJobCommand('outputs', words);
    if (verb === 'audit') return parseJobCommand('audit', words);
    return undefined;
  },
};

function parseJobCommand(kind: 'show' | 'summary' | 'audit' | 'outputs', words: string[]): ParseResult<JobCommand> {
  const r = jobAndWorkspace(words, kind, EXAMPLES[kind]);
  if (!r.ok) return r;
  if (r.rest.length > 0) return fail(`I did not understand "${clip(r.rest.join(' '))}" after the job name.`, kind);
  return { ok: true, command: { kind, job: r.job, workspace: r.workspace } };
}

/** cancel|rerun <job> [in <alias>] [because <reason>] */
function parseWithReason(kind: 'cancel' | 'rerun', words: string[]): ParseResult<JobCommand> {
  const because = words.findIndex((w) => w.toLowerCase() === 'because');
  const head = because >= 0 ? words.slice(0, because) : words;
  const reason = because >= 0 ? words.slice(because + 1).join(' ').trim() : undefined;
  if (because >= 0 && !reason) return fail('Say why after "because".', kind);
  const r = jobAndWorkspace(head, kind, EXAMPLES[kind]);
  if (!r.ok) return r;
  if (r.rest.length > 0) return fail(`I did not understand "${clip(r.rest.join(' '))}". Put the reason after "because".`, kind);
  return { ok: true, command: { kind, job: r.job, workspace: r.workspace, reason: reason?.slice(0, 500) } };
}
