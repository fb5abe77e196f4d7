import { ALIAS, ParseResult, fail } from '../text-commands/grammar';
import { Grammar } from '../text-commands/text-command';

/** Grammar of the notification commands (issue #4); pure. */

export type NotificationCommand =
  | {
      kind: 'subscribe';
      workspace: string;
      mode: 'failures' | 'all' | 'terminal' | 'stuck';
      filters: { experiment?: string; tag?: { key: string; value?: string }; type?: string };
      stuck?: { queuedMinutes?: number; runningHours?: number };
    }
  | { kind: 'subscriptions' }
  | { kind: 'unsubscribe'; target: { workspace?: string; id?: string; all?: boolean } }
  | { kind: 'mute'; name: string; workspace?: string; hours: number; as?: 'experiment' | 'job' }
  | { kind: 'unmute'; name: string; workspace?: string };

type Result = ParseResult<NotificationCommand>;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]{0,254}$/;
const MAX_MUTE_HOURS = 24 * 14;

const EXAMPLES: Record<string, string> = {
  subscribe: 'subscribe prod failures experiment=fraud-retrain',
  subscriptions: 'subscriptions',
  unsubscribe: 'unsubscribe prod',
  mute: 'mute fraud-hparams in prod for 24h',
  unmute: 'unmute fraud-hparams in prod',
};

/** subscribe, subscriptions, unsubscribe, mute, unmute. */
export const notificationGrammar: Grammar<NotificationCommand> = {
  names: ['subscribe', 'subscriptions', 'unsubscribe', 'mute', 'unmute'],
  examples: EXAMPLES,
  parse: parseNotificationCommand,
};

function parseNotificationCommand(verb: string, words: string[]): Result | undefined {
  switch (verb) {
    case 'subscribe': return parseSubscribe(words);
    case 'subscriptions':
      return words.length ? fail('`subscriptions` takes no arguments.', 'subscriptions') : { ok: true, command: { kind: 'subscriptions' } };
    case 'unsubscribe': return parseUnsubscribe(words);
    case 'mute': return parseMute(words);
    case 'unmute': return parseUnmute(words);
    default: return undefined;
  }
}

function parseSubscribe(words: string[]): Result {
  const [alias, ...rest] = words;
  if (!alias || !ALIAS.test(alias)) return fail('Say which workspace, for example `subscribe prod failures`.', 'subscribe');
  const cmd: Extract<NotificationCommand, { kind: 'subscribe' }> = { kind: 'subscribe', workspace: alias.toLowerCase(), mode: 'failures', filters: {} };
  for (const w of rest) {
    const lower = w.toLowerCase();
    if (lower === 'failures' || lower === 'all' || lower === 'terminal' || lower === 'stuck') {
      cmd.mode = lower;
      continue;
    }
    const threshold = /^(queued|running)>(\d{1,4})([mh])$/i.exec(w);
    if (threshold) {
      const n = Number(threshold[2]);
      const minutes = threshold[3]!.toLowerCase() === 'h' ? n * 60 : n;
      if (minutes < 1) return fail('Thresholds must be at least 1 minute.', 'subscribe');
      cmd.stuck = { ...cmd.stuck };
      if (threshold[1]!.toLowerCase() === 'queued') cmd.stuck.queuedMinutes = minutes;
      else cmd.stuck.runningHours = minutes / 60;
      continue;
    }
    const eq = w.indexOf('=');
    const key = eq > 0 ? lower.slice(0, eq) : '';
    const value = eq > 0 ? w.slice(eq + 1) : '';
    if (!value) return fail(`I did not understand "${w.slice(0, 40)}". Options: failures, all, terminal, stuck, experiment=, tag=, type=, queued>30m, running>6h.`, 'subscribe');
    if (key === 'experiment') cmd.filters.experiment = value;
    else if (key === 'type') cmd.filters.type = value;
    else if (key === 'tag') {
      const [k = '', ...v] = value.split('=');
      if (!k) return fail('Name the tag key, for example tag=team=fraud.', 'subscribe');
      cmd.filters.tag = { key: k, value: v.length ? v.join('=') : undefined };
    } else return fail(`I don't know the option "${key}". Options: experiment=, tag=, type=.`, 'subscribe');
  }
  if (cmd.stuck && cmd.mode !== 'stuck') cmd.mode = 'stuck';
  if (cmd.mode === 'stuck' && !cmd.stuck) cmd.stuck = { queuedMinutes: 30, runningHours: 6 };
  return { ok: true, command: cmd };
}

function parseUnsubscribe(words: string[]): Result {
  const [target, ...extra] = words;
  if (!target || extra.length) return fail('Say `unsubscribe <workspace>`, `unsubscribe <id>` or `unsubscribe all`.', 'unsubscribe');
  const lower = target.toLowerCase();
  if (lower === 'all') return { ok: true, command: { kind: 'unsubscribe', target: { all: true } } };
  if (/^[0-9a-f]{6}$/.test(lower)) return { ok: true, command: { kind: 'unsubscribe', target: { id: lower, workspace: lower } } };
  if (!ALIAS.test(target)) return fail('Say `unsubscribe <workspace>`, `unsubscribe <id>` or `unsubscribe all`.', 'unsubscribe');
  return { ok: true, command: { kind: 'unsubscribe', target: { workspace: lower } } };
}

function parseMute(words: string[]): Result {
  const rest = [...words];
  let as: 'experiment' | 'job' | undefined;
  if (rest[0] && /^(experiment|job)$/i.test(rest[0])) as = rest.shift()!.toLowerCase() as 'experiment' | 'job';
  const [name, ...tail] = rest;
  if (!name || !NAME.test(name)) return fail('Say what to mute, for example `mute fraud-hparams in prod for 24h`.', 'mute');
  let workspace: string | undefined;
  let hours: number | undefined;
  for (let i = 0; i < tail.length; i++) {
    const w = tail[i]!.toLowerCase();
    if (w === 'in' && tail[i + 1] && ALIAS.test(tail[i + 1]!)) workspace = tail[++i]!.toLowerCase();
    else if (w === 'for' && tail[i + 1]) {
      const m = /^(\d{1,3})h$/i.exec(tail[++i]!);
      if (!m || Number(m[1]) < 1 || Number(m[1]) > MAX_MUTE_HOURS) return fail(`Say for how long in hours, 1 to ${MAX_MUTE_HOURS}, for example \`for 24h\`.`, 'mute');
      hours = Number(m[1]);
    } else return fail(`I did not understand "${tail[i]!.slice(0, 40)}" in mute.`, 'mute');
  }
  if (hours === undefined) return fail('Say for how long, for example `for 24h`.', 'mute');
  return { ok: true, command: { kind: 'mute', name, workspace, hours, as } };
}

function parseUnmute(words: string[]): Result {
  const rest = words[0] && /^(experiment|job)$/i.test(words[0]) ? words.slice(1) : words;
  const [name, inWord, alias, ...extra] = rest;
  if (!name || !NAME.test(name) || extra.length || (inWord !== undefined && (inWord.toLowerCase() !== 'in' || !alias || !ALIAS.test(alias)))) {
    return fail('Say `unmute <experiment or job> [in <workspace>]`.', 'unmute');
  }
  return { ok: true, command: { kind: 'unmute', name, workspace: alias?.toLowerCase() } };
}
