/**
 * Pieces every feature's text grammar shares: names, workspaces, safe echoes. Pure. The grammar is a public contract
 * (issue #2): keywords are case-insensitive, job names keep their case.
 */

export const JOB_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
export const ALIAS = /^[a-z0-9][a-z0-9_-]{0,31}$/i;

export type ParseFailure = { ok: false; error: string; hint?: string };
export type ParseResult<C> = { ok: true; command: C } | ParseFailure;

export function fail(error: string, hint?: string): ParseFailure {
  return { ok: false, error, hint };
}

type JobParse = { ok: true; job: string; workspace?: string; rest: string[] } | ParseFailure;

/** `<job> [in <alias>] …`: the job, the workspace if named, and the words left over. */
export function jobAndWorkspace(words: string[], hint: string, example: string | undefined): JobParse {
  const [job, ...rest] = words;
  if (!job) return fail(`Which job? For example: \`${example ?? hint}\``, hint);
  if (!JOB_NAME.test(job)) return fail(`"${clip(job)}" is not a valid Azure ML job name (letters, digits, - and _, starting with a letter or digit).`, hint);
  const ws = takeWorkspace(rest, hint);
  if (!ws.ok) return ws;
  return { ok: true, job, workspace: ws.workspace, rest: ws.rest };
}

/** Takes `in <alias>` out of the words, wherever it stands. */
export function takeWorkspace(words: string[], hint: string): { ok: true; workspace?: string; rest: string[] } | ParseFailure {
  const i = words.findIndex((w) => w.toLowerCase() === 'in');
  if (i < 0) return { ok: true, rest: words };
  const alias = words[i + 1];
  if (!alias || !ALIAS.test(alias)) return fail('Name a workspace after "in", for example `in prod`.', hint);
  return { ok: true, workspace: alias.toLowerCase(), rest: [...words.slice(0, i), ...words.slice(i + 2)] };
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
export function clip(s: string): string {
  const safe = s.replace(UNSAFE_IN_REPLY, '').replace(/\]\(/g, '] (').replace(/[[\]]/g, '');
  return safe.length > 40 ? `${safe.slice(0, 40)}…` : safe;
}

/** The last line of defence for any error text: printable, never a link, short enough for one chat line. */
export function safeError(error: string): string {
  const safe = error.replace(UNSAFE_IN_REPLY, '').replace(/\]\(/g, '] (');
  return safe.length > MAX_ERROR ? `${safe.slice(0, MAX_ERROR - 1)}…` : safe;
}
