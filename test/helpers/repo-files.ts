/**
 * What the "repository stands on its own" tests read: the tracked files, and the places in a file that point
 * outside the repository or at a fixture.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export function trackedFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    // Not a git checkout (an unpacked archive): walk the tree the way git would see it.
    const out: string[] = [];
    const skip = new Set(['node_modules', 'dist', '.git', '.data', 'artifacts']);
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        if (skip.has(e.name)) continue;
        const rel = path.posix.join(dir, e.name);
        if (e.isDirectory()) walk(rel);
        else out.push(rel);
      }
    };
    walk('');
    return out;
  }
}

/** Verbatim logs and recordings are data: a node's `/home/azureuser/…` in a log is not a reference. READMEs are ours. */
export function isData(file: string): boolean {
  return file.startsWith('test/fixtures/') && !file.endsWith('.md') && !file.endsWith('README.txt');
}

/** Folders that only exist on the team's machines; spelled in pieces so this file does not name them. */
const OUTSIDE_FOLDERS = [['shared', 'fixtures'], ['shared', 'docs']].map((p) => p.join('/'));

/**
 * Absolute paths of developer and build machines, at the start of a path (not `…/work` inside a URL or a relative
 * path), plus the home folder however it is spelled and Windows' `..\`. `/tmp` is allowed: every machine has it and
 * the repository only writes scratch files there (docs/deploy.md's parameter file, the tests' os.tmpdir()); whether
 * a `/tmp` path is read as a fixture cannot be told from the text, and such a test fails in a clean clone anyway.
 */
const MACHINE_PATH = new RegExp(
  '(?<![\\w.~/-])(?:' + ['/' + 'work\\b', '/' + 'home/[a-z]', '/' + 'Users/', '/' + 'root/', '/' + 'mnt/', '/' + 'opt/', '~/'].join('|') + ')' +
    // Windows' `..\` only where a path starts: not the end of a row of dots before an escape ('....\n').
    '|\\$HOME\\b|\\$\\{HOME\\}|[A-Z]:\\\\' + 'Users|(?<![.\\w])\\.\\.\\\\',
  'g',
);
/** Paths on an Azure ML node, quoted in tracebacks and log lines the tests feed the triage: text, not references. */
const NODE_PATH = /^\/(?:mnt\/azureml\/|opt\/(?:mini)?conda\/)/;

const RELATIVE = /(?:\.\.\/)+[\w.-][\w./-]*/g;
/** Lines whose relative strings are read against the file's own folder: imports, `__dirname` paths, markdown links. */
const FILE_ANCHORED = /__dirname|import\.meta|\bfrom\s+['"]|\bimport\s*\(|\brequire\s*\(|\]\(/;
/** Lines that use a string as a path read from the working directory, which is the root when scripts run. */
const CWD_PATH = /(?:\bfs\.\w+|\b(?:readFileSync|readdirSync|existsSync|createReadStream|spawn|execFileSync)|\bpath\.(?:join|resolve))\s*\(|\bcwd\s*:|\bcd\s|\bnode\s/;
/** Files whose every line runs from the root: the CI script, shell scripts, workflows, npm scripts. */
const RUNS_FROM_ROOT = /^\.ci\/|\.sh$|\.ya?ml$|^package\.json$/;
/** path.join / path.resolve (or a bare imported join / resolve) with up to one level of nested calls in its arguments. */
const JOIN = /(?:\bpath\.|(?<![\w.]))(?:join|resolve)\(((?:[^()]|\([^()]*\))*)\)/g;
const STRING = /'([^'\n]*)'|"([^"\n]*)"/g;

let trackedDirs: Set<string> | undefined;
/** Folders of the repository: a `shared` folder only counts when it is one of them (src/shared is). */
function inRepo(rel: string): boolean {
  trackedDirs ??= new Set(trackedFiles().flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  return trackedDirs.has(rel);
}

/** Why `target` (an absolute path a reference resolves to) is outside the repository, or null when it is inside. */
function outside(target: string): string | null {
  const rel = path.relative(ROOT, target);
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return 'climbs out of the repository';
  const parts = rel.split(path.sep);
  const shared = parts.indexOf('shared');
  if (shared >= 0 && !inRepo(parts.slice(0, shared + 1).join('/'))) return `names ${parts.slice(0, shared + 1).join('/')}, which is not in the repository`;
  return null;
}

/** Every place in `text` (the content of repository file `file`) that points outside the repository, as "line: fragment". */
export function outsideReferences(file: string, text: string): string[] {
  const found: string[] = [];
  const dir = path.dirname(path.join(ROOT, file));
  const fromRoot = RUNS_FROM_ROOT.test(file);
  text.split('\n').forEach((line, i) => {
    const at = `${i + 1}: `;
    for (const folder of OUTSIDE_FOLDERS) if (line.includes(folder)) found.push(at + folder);
    for (const m of line.matchAll(MACHINE_PATH)) if (!NODE_PATH.test(line.slice(m.index))) found.push(at + m[0]);

    // A relative string is read against the file's folder (an import, a __dirname path), and also against the root
    // where the line reads it from the working directory. Other strings ('../../etc/passwd' probes) are inputs, not
    // paths, so only the folder applies.
    const anchored = FILE_ANCHORED.test(line);
    const bases = anchored ? [dir] : fromRoot || CWD_PATH.test(line) ? [dir, ROOT] : [dir];
    for (const rel of line.match(RELATIVE) ?? []) {
      const why = bases.map((b) => outside(path.resolve(b, rel))).find(Boolean);
      if (why) found.push(`${at}${rel} (${why})`);
    }

    // Pieces joined into a path: path.join(__dirname, '..', '..', 'shared').
    for (const call of line.matchAll(JOIN)) {
      const args = call[1] ?? '';
      const pieces = [...args.matchAll(STRING)].map((s) => s[1] ?? s[2] ?? '');
      if (!pieces.some((p) => p.split(/[\\/]/).includes('..')) || pieces.some((p) => path.isAbsolute(p))) continue;
      const first = args.trim().split(/[\s,]/)[0] ?? '';
      // The base is the file's folder, or the root for the root and cwd-relative pieces; another variable is unknown.
      const base = /__dirname|import\.meta/.test(first) ? dir : /^(['"]|ROOT\b|root\b|process\.cwd\(\))/.test(first) ? ROOT : null;
      if (!base) continue;
      const why = outside(path.resolve(base, ...pieces));
      if (why) found.push(`${at}${call[0]} (${why})`);
    }
  });
  return found;
}

const LITERAL = /(['"`])((?:(?!\1)[^\n\\])*fixtures\/(?:(?!\1)[^\n\\])*)\1/g;

/**
 * The fixture paths `text` names in string literals (`'../fixtures/azureml/events'`, `'test/fixtures/logs/real'`),
 * repository-relative, resolved against the file's folder or the root, whichever lands in test/fixtures
 * (a template's `${…}` and what follows are cut off). A literal that lands nowhere there is returned as written.
 */
export function fixtureReferences(file: string, text: string): string[] {
  const dir = path.dirname(path.join(ROOT, file));
  const refs: string[] = [];
  for (const m of text.matchAll(LITERAL)) {
    const literal = (m[2] ?? '').split('${')[0] ?? '';
    const candidates = [path.resolve(dir, literal), path.resolve(ROOT, literal)].map((p) => path.relative(ROOT, p).split(path.sep).join('/'));
    refs.push(candidates.find((c) => c.startsWith('test/fixtures/')) ?? literal);
  }
  return refs;
}
