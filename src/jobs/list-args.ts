import { ParseResult, clip, fail, takeWorkspace } from '../text-commands/grammar';

export const MAX_TOP = 25;

/** The filters of `list`, also typed into the compose-box search (one parser, so the two never drift apart). */
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

/** `[in <alias>] [mine] [status=…] [type=…] [experiment=…] [tag=k[=v]] [since=Nh|Nd] [top=N]` */
export function parseListArgs(words: string[]): ParseResult<ListArgs> {
  const ws = takeWorkspace(words, 'list');
  if (!ws.ok) return ws;
  const cmd: ListArgs = { workspace: ws.workspace, mine: false };
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
