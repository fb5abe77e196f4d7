import { COMMAND_NAMES, SUMMARY_ALIASES } from './command-names';
import { editDistance } from '../jobs/edit-distance';
import { NOTIFICATION_EXAMPLES, NotificationCommand, parseNotificationCommand } from './parse-notifications';

export const JOB_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
const ALIAS = /^[a-z0-9][a-z0-9_-]{0,31}$/i;
const MODEL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;
const OUTPUT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/;
const MAX_TEXT = 2_000;
export const MAX_TOP = 25;

export interface ListArgs {
  workspace?: string;
  statuses?: string[];
  type?: string;
  experiment?: string;
  tag?: { key: string; value?: string };
  mine: boolean;
  sinceHours?: number;
  top?: number;
}

export type Command =
  | { kind: 'help' }
  | ({ kind: 'list' } & ListArgs)
  | { kind: 'show'; job: string; workspace?: string }
  | { kind: 'summary'; job: string; workspace?: string }
  | { kind: 'cancel'; job: string; workspace?: string; reason?: string }
  | { kind: 'rerun'; job: string; workspace?: string; reason?: string }
  | { kind: 'outputs'; job: string; workspace?: string }
  | { kind: 'audit'; job: string; workspace?: string }
  | { kind: 'promote'; job: string; workspace?: string; model: string; output?: string; override?: string }
  | { kind: 'compare'; jobs: [string, string]; workspace?: string }
  | { kind: 'approvals-here'; workspace: string }
  | NotificationCommand;

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; hint?: string };

const EXAMPLES: Record<string, string> = {
  help: 'help',
  list: 'list in prod status=Failed,Running since=12h',
  show: 'show train-resnet50-nightly',
  summary: 'summary train-resnet50-nightly in prod',
  cancel: 'cancel sweep-lr-42 because runaway',
  rerun: 'rerun train-bert-finetune-7 because fixed the batch size',
  outputs: 'outputs train-resnet50-nightly in dev',
  audit: 'audit sweep-lr-42 in dev',
  promote: 'promote train-abc in prod as fraud-model from model_output',
  compare: 'compare train-fraud-gbm-prod-21 pipe-retrain-prod-15 in prod',
  approvals: 'approvals here for prod',
  ...NOTIFICATION_EXAMPLES,
};

/**
 * Pure: text → Command, or a helpful error. The grammar is a public contract (issue #2);
 * keywords are case-insensitive, job names keep their case.
 */
export function parse(input: string): ParseResult {
  const r = parseText(input);
  // Every error is echoed into chat: neutralise it once here, so no sub-parser (parse-notifications.ts
  // included) can put raw control/bidi characters, a Markdown link or a 2,000-character echo in a reply.
  return r.ok ? r : { ...r, error: safeError(r.error) };
}

function parseText(input: string): ParseResult {
  const text = input.replace(/\s+/g, ' ').trim();
  if (text === '') return fail('Say a command.', 'help');
  if (text.length > MAX_TEXT) return fail(`That message is too long for a command (${text.length} characters).`, 'help');
  const [head = '', ...rest] = text.split(' ');
  const verb = head.toLowerCase();
  if (verb === 'help' || verb === '?') return { ok: true, command: { kind: 'help' } };
  if (verb === 'list' || verb === 'ls') return parseList(rest);
  if (verb === 'show' || verb === 'get') return parseJobCommand('show', rest);
  if ((SUMMARY_ALIASES as readonly string[]).includes(verb)) return parseJobCommand('summary', rest);
  if (verb === 'cancel') return parseCancel(rest);
  if (verb === 'rerun') return parseCancel(rest, 'rerun');
  if (verb === 'outputs') return parseJobCommand('outputs', rest);
  if (verb === 'audit') return parseJobCommand('audit', rest);
  if (verb === 'promote') return parsePromote(rest);
  if (verb === 'compare' || verb === 'diff') return parseCompare(rest);
  if (verb === 'approvals') return parseApprovalsHere(rest);
  const notification = parseNotificationCommand(verb, rest);
  if (notification) return notification;
  return unknown(verb);
}

function parseJobCommand(kind: 'show' | 'summary' | 'audit' | 'outputs', words: string[]): ParseResult {
  const r = jobAndWorkspace(kind, words);
  if (!r.ok) return r;
  if (r.rest.length > 0) return fail(`I did not understand "${clip(r.rest.join(' '))}" after the job name.`, kind);
  return { ok: true, command: { kind, job: r.job, workspace: r.workspace } };
}

/** compare <job> <job> [in <alias>] */
function parseCompare(words: string[]): ParseResult {
  const r = jobAndWorkspace('compare', words);
  if (!r.ok) return r;
  const [other, ...extra] = r.rest;
  if (!other) return fail(`Name two jobs, for example \`${EXAMPLES.compare}\`.`, 'compare');
  if (!JOB_NAME.test(other)) return fail(`"${clip(other)}" is not a valid Azure ML job name (letters, digits, - and _, starting with a letter or digit).`, 'compare');
  if (extra.length) return fail(`I did not understand "${clip(extra.join(' '))}"; compare takes two jobs.`, 'compare');
  return { ok: true, command: { kind: 'compare', jobs: [r.job, other], workspace: r.workspace } };
}

/** promote <job> [in <alias>] as <model-name> [from <output-name>] [anyway because <reason>] */
function parsePromote(input: string[]): ParseResult {
  // "anyway because <reason>" overrides failed acceptance gates; the reason goes on the card and into the audit.
  const anyway = input.findIndex((w, i) => w.toLowerCase() === 'anyway' && input[i + 1]?.toLowerCase() === 'because');
  const words = anyway >= 0 ? input.slice(0, anyway) : input;
  const override = anyway >= 0 ? input.slice(anyway + 2).join(' ').trim() : undefined;
  if (anyway >= 0 && !override) return fail('Say why after "anyway because", for example `anyway because latency is measured on the old hardware`.', 'promote');
  const as = words.findIndex((w) => w.toLowerCase() === 'as');
  if (as < 0) return fail('Name the model after "as", for example `promote train-abc as fraud-model`.', 'promote');
  const r = jobAndWorkspace('promote', words.slice(0, as));
  if (!r.ok) return r;
  if (r.rest.length > 0) return fail(`I did not understand "${clip(r.rest.join(' '))}" after the job name.`, 'promote');
  const tail = words.slice(as + 1);
  const [model, fromWord, output, ...extra] = tail;
  if (!model || !MODEL_NAME.test(model)) return fail('Model names are letters, digits, - _ and . (up to 255), starting with a letter or digit.', 'promote');
  if (fromWord !== undefined && (fromWord.toLowerCase() !== 'from' || !output || !OUTPUT_NAME.test(output) || extra.length)) {
    return fail('Name the job output after "from", for example `from model_output`.', 'promote');
  }
  return { ok: true, command: { kind: 'promote', job: r.job, workspace: r.workspace, model, output, ...(override ? { override: override.slice(0, 500) } : {}) } };
}

/** approvals here for <alias> */
function parseApprovalsHere(words: string[]): ParseResult {
  const [here, forWord, alias, ...extra] = words.map((w) => w.toLowerCase());
  if (here !== 'here' || forWord !== 'for' || !alias || !ALIAS.test(alias) || extra.length) {
    return fail('Say `approvals here for <workspace>` in the channel that should receive approval requests.', 'approvals');
  }
  return { ok: true, command: { kind: 'approvals-here', workspace: alias } };
}

/** cancel|rerun <job> [in <alias>] [because <reason>] */
function parseCancel(words: string[], kind: 'cancel' | 'rerun' = 'cancel'): ParseResult {
  const because = words.findIndex((w) => w.toLowerCase() === 'because');
  const head = because >= 0 ? words.slice(0, because) : words;
  const reason = because >= 0 ? words.slice(because + 1).join(' ').trim() : undefined;
  if (because >= 0 && !reason) return fail('Say why after "because".', kind);
  const r = jobAndWorkspace(kind, head);
  if (!r.ok) return r;
  if (r.rest.length > 0) return fail(`I did not understand "${clip(r.rest.join(' '))}". Put the reason after "because".`, kind);
  return { ok: true, command: { kind, job: r.job, workspace: r.workspace, reason: reason?.slice(0, 500) } };
}

type JobParse = { ok: true; job: string; workspace?: string; rest: string[] } | { ok: false; error: string; hint?: string };

function jobAndWorkspace(kind: string, words: string[]): JobParse {
  const [job, ...rest] = words;
  if (!job) return fail(`Which job? For example: \`${EXAMPLES[kind]}\``, kind);
  if (!JOB_NAME.test(job)) return fail(`"${clip(job)}" is not a valid Azure ML job name (letters, digits, - and _, starting with a letter or digit).`, kind);
  const ws = takeWorkspace(rest, kind);
  if (!ws.ok) return ws;
  return { ok: true, job, workspace: ws.workspace, rest: ws.rest };
}

function takeWorkspace(words: string[], kind: string): { ok: true; workspace?: string; rest: string[] } | { ok: false; error: string; hint?: string } {
  const i = words.findIndex((w) => w.toLowerCase() === 'in');
  if (i < 0) return { ok: true, rest: words };
  const alias = words[i + 1];
  if (!alias || !ALIAS.test(alias)) return fail('Name a workspace after "in", for example `in prod`.', kind);
  return { ok: true, workspace: alias.toLowerCase(), rest: [...words.slice(0, i), ...words.slice(i + 2)] };
}

function parseList(words: string[]): ParseResult {
  const ws = takeWorkspace(words, 'list');
  if (!ws.ok) return ws;
  const cmd: { kind: 'list' } & ListArgs = { kind: 'list', workspace: ws.workspace, mine: false };
  for (const w of ws.rest) {
    const lower = w.toLowerCase();
    if (lower === 'mine') {
      cmd.mine = true;
      continue;
    }
    const eq = w.indexOf('=');
    if (eq <= 0) return fail(`I did not understand "${clip(w)}" in list.`, 'list');
    const key = lower.slice(0, eq);
    const value = w.slice(eq + 1);
    if (!value) return fail(`"${clip(key)}=" needs a value.`, 'list');
    switch (key) {
      case 'status': {
        const statuses = value.split(',').filter(Boolean);
        if (statuses.length === 0) return fail('Name at least one status, for example status=Failed,Running.', 'list');
        cmd.statuses = statuses;
        break;
      }
      case 'type': cmd.type = value; break;
      case 'experiment': cmd.experiment = value; break;
      case 'tag': {
        const [k = '', ...v] = value.split('=');
        if (!k) return fail('Name the tag key, for example tag=team or tag=team=fraud.', 'list');
        cmd.tag = { key: k, value: v.length ? v.join('=') : undefined };
        break;
      }
      case 'since': {
        const m = /^(\d{1,4})([hd])$/i.exec(value);
        if (!m) return fail('Use since=<N>h or since=<N>d, for example since=12h.', 'list');
        cmd.sinceHours = Number(m[1]) * (m[2]!.toLowerCase() === 'd' ? 24 : 1);
        break;
      }
      case 'top': {
        const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
        if (!Number.isInteger(n) || n < 1 || n > MAX_TOP) return fail(`top must be a whole number from 1 to ${MAX_TOP}.`, 'list');
        cmd.top = n;
        break;
      }
      default:
        return fail(`I don't know the list filter "${clip(key)}". Filters: status, type, experiment, tag, mine, since, top.`, 'list');
    }
  }
  return { ok: true, command: cmd };
}

function unknown(verb: string): ParseResult {
  const closest = closestCommand(verb);
  const hint = closest ?? 'help';
  const suggestion = closest ? ` Did you mean \`${closest}\`? For example: \`${EXAMPLES[closest]}\`` : ' Try `help`.';
  return { ok: false, error: `I did not understand "${clip(verb)}".${suggestion}`, hint };
}

/** Levenshtein over the few command names: cheap and good enough for typos like "lsit". */
export function closestCommand(word: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of [...COMMAND_NAMES, 'stream-summary']) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestD) {
      bestD = d;
      best = c === 'stream-summary' ? 'summary' : c;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function fail(error: string, hint?: string): { ok: false; error: string; hint?: string } {
  return { ok: false, error, hint };
}

/**
 * Bidi overrides and marks, invisible characters and C0/C1 controls: in an echo they can reorder or
 * hide parts of the reply (found by the T21 fuzz: U+061C, U+0007 and U+0085 passed the old list).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_REPLY = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const MAX_ERROR = 300;

/**
 * What the user typed is echoed in our reply: drop bidi overrides and invisible characters (they
 * can reorder the reply) and break Markdown link syntax so an echo never becomes a link.
 */
function clip(s: string): string {
  const safe = s.replace(UNSAFE_IN_REPLY, '').replace(/\]\(/g, '] (').replace(/[[\]]/g, '');
  return safe.length > 40 ? `${safe.slice(0, 40)}…` : safe;
}

/** The last line of defence for any error text: printable, never a link, short enough for one chat line. */
function safeError(error: string): string {
  const safe = error.replace(UNSAFE_IN_REPLY, '').replace(/\]\(/g, '] (');
  return safe.length > MAX_ERROR ? `${safe.slice(0, MAX_ERROR - 1)}…` : safe;
}

export function exampleFor(command: string): string | undefined {
  return EXAMPLES[command];
}
