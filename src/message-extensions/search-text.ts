import { isKnownStatus, normalizeStatus } from '../azureml/status';
import { ListArgs, parseListArgs } from '../jobs/list-args';
import { safeError } from '../text-commands/grammar';

/** What someone typed into the compose-box search, as `list` filters plus free words. */
export interface JobSearch {
  workspace?: string;
  /** The same filters `list` takes (statuses, type, experiment, tag, mine, since, top). */
  filters: Omit<ListArgs, 'workspace'>;
  /** Lower-cased words each job must contain in its name, display name or experiment. */
  words: string[];
}

export type SearchParse = { ok: true; search: JobSearch } | { ok: false; error: string };

/** The search box is one line; anything longer was pasted by mistake. */
export const MAX_SEARCH = 200;
const MAX_WORDS = 6;
/** People type the British spelling; Azure says Canceled. */
const STATUS_ALIASES: Record<string, string> = { cancelled: 'Canceled' };

/**
 * Pure: the search box's text → a search, or a short sentence saying what to change. Bare status
 * words (`failed`, `running`…) filter by status, `in <ws>` picks a workspace, `key=value` words are
 * `list`'s own filters (parsed by its parser, so the two can never drift apart), and every other word
 * must appear in the job's name, display name or experiment.
 */
export function parseSearch(text: string): SearchParse {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length > MAX_SEARCH) return { ok: false, error: `That search is too long (${clean.length} characters); type part of a job name, an experiment or a status.` };
  const tokens = clean === '' ? [] : clean.split(' ');
  let workspace: string | undefined;
  const listWords: string[] = [];
  const statuses: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const lower = t.toLowerCase();
    if (lower === 'in') {
      // A trailing `in` is someone still typing the workspace: search as if it were not there yet.
      if (tokens[i + 1] !== undefined) workspace = tokens[++i]!.toLowerCase();
    } else if (t.includes('=') || lower === 'mine') {
      listWords.push(t);
    } else if (STATUS_ALIASES[lower] || isKnownStatus(lower)) {
      statuses.push(STATUS_ALIASES[lower] ?? normalizeStatus(lower));
    } else {
      words.push(lower);
    }
  }
  if (words.length > MAX_WORDS) return { ok: false, error: `Use at most ${MAX_WORDS} words besides filters.` };
  const parsed = parseListArgs(listWords);
  if (!parsed.ok) return { ok: false, error: safeError(parsed.error) };
  const { workspace: _ws, ...filters } = parsed.command;
  if (statuses.length) filters.statuses = [...new Set([...(filters.statuses ?? []), ...statuses])];
  return { ok: true, search: { workspace, filters, words } };
}
