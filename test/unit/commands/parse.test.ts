import { Command, closestCommand, exampleFor, parse } from '../../../src/grammars';
import { MAX_TOP } from '../../../src/jobs/list-args';

/**
 * The command grammar is a public contract (people type it, the manifest documents it), so every
 * row pins the exact Command object: a silent change of shape breaks users, not just code.
 */
const NAME_255 = `a${'b'.repeat(254)}`;

const accepted: [string, Command][] = [
  // help
  ['help', { kind: 'help' }],
  ['HELP', { kind: 'help' }],
  ['?', { kind: 'help' }],
  ['  help   ', { kind: 'help' }],
  // list: every filter, alone and together
  ['list', { kind: 'list', mine: false }],
  ['ls', { kind: 'list', mine: false }],
  ['LiSt', { kind: 'list', mine: false }],
  ['list in prod', { kind: 'list', workspace: 'prod', mine: false }],
  ['list IN PROD', { kind: 'list', workspace: 'prod', mine: false }],
  ['list status=Failed', { kind: 'list', mine: false, statuses: ['Failed'] }],
  ['list status=Failed,Running', { kind: 'list', mine: false, statuses: ['Failed', 'Running'] }],
  ['list STATUS=failed,RUNNING', { kind: 'list', mine: false, statuses: ['failed', 'RUNNING'] }],
  ['list status=Failed,,Running', { kind: 'list', mine: false, statuses: ['Failed', 'Running'] }],
  ['list type=Command', { kind: 'list', mine: false, type: 'Command' }],
  ['list type=FineTuning', { kind: 'list', mine: false, type: 'FineTuning' }],
  ['list experiment=Nightly_Retrain', { kind: 'list', mine: false, experiment: 'Nightly_Retrain' }],
  ['list tag=team', { kind: 'list', mine: false, tag: { key: 'team', value: undefined } }],
  ['list tag=team=ml', { kind: 'list', mine: false, tag: { key: 'team', value: 'ml' } }],
  ['list TAG=Team=ML', { kind: 'list', mine: false, tag: { key: 'Team', value: 'ML' } }],
  ['list tag=expr=a=b', { kind: 'list', mine: false, tag: { key: 'expr', value: 'a=b' } }],
  ['list mine', { kind: 'list', mine: true }],
  ['list MINE', { kind: 'list', mine: true }],
  ['list since=12h', { kind: 'list', mine: false, sinceHours: 12 }],
  ['list since=2d', { kind: 'list', mine: false, sinceHours: 48 }],
  ['list since=2D', { kind: 'list', mine: false, sinceHours: 48 }],
  ['list since=9999h', { kind: 'list', mine: false, sinceHours: 9999 }],
  ['list top=1', { kind: 'list', mine: false, top: 1 }],
  ['list top=25', { kind: 'list', mine: false, top: MAX_TOP }],
  [
    'list in prod status=Failed,Running since=12h',
    { kind: 'list', workspace: 'prod', mine: false, statuses: ['Failed', 'Running'], sinceHours: 12 },
  ],
  // `in` may stand anywhere among the list filters
  ['list status=Failed in prod', { kind: 'list', workspace: 'prod', mine: false, statuses: ['Failed'] }],
  ['list mine in dev top=5', { kind: 'list', workspace: 'dev', mine: true, top: 5 }],
  [
    'list type=Sweep experiment=hp tag=owner=dana mine since=1d top=10 in staging',
    { kind: 'list', workspace: 'staging', mine: true, type: 'Sweep', experiment: 'hp', tag: { key: 'owner', value: 'dana' }, sinceHours: 24, top: 10 },
  ],
  ['list\tstatus=Failed\n in  prod', { kind: 'list', workspace: 'prod', mine: false, statuses: ['Failed'] }],
  // show, and its alias; job names keep their case, aliases are lower-cased
  ['show train-42', { kind: 'show', job: 'train-42', workspace: undefined }],
  ['SHOW Train-42', { kind: 'show', job: 'Train-42', workspace: undefined }],
  ['get train_42', { kind: 'show', job: 'train_42', workspace: undefined }],
  ['show train-42 in prod', { kind: 'show', job: 'train-42', workspace: 'prod' }],
  ['show train-42 IN Prod', { kind: 'show', job: 'train-42', workspace: 'prod' }],
  ['show 0', { kind: 'show', job: '0', workspace: undefined }],
  [`show ${NAME_255}`, { kind: 'show', job: NAME_255, workspace: undefined }],
  // summary and its aliases
  ['summary train-42', { kind: 'summary', job: 'train-42', workspace: undefined }],
  ['summary train-42 in dev', { kind: 'summary', job: 'train-42', workspace: 'dev' }],
  ['stream-summary Train-42', { kind: 'summary', job: 'Train-42', workspace: undefined }],
  ['logs train-42 in prod', { kind: 'summary', job: 'train-42', workspace: 'prod' }],
  ['LOGS Job1 IN Dev', { kind: 'summary', job: 'Job1', workspace: 'dev' }],
  ['summarize train-42', { kind: 'summary', job: 'train-42', workspace: undefined }],
  // cancel: reasons keep spaces (collapsed), and "in" inside the reason is part of the reason
  ['cancel sweep-42', { kind: 'cancel', job: 'sweep-42', workspace: undefined, reason: undefined }],
  ['cancel sweep-42 in prod', { kind: 'cancel', job: 'sweep-42', workspace: 'prod', reason: undefined }],
  ['cancel sweep-42 because runaway', { kind: 'cancel', job: 'sweep-42', workspace: undefined, reason: 'runaway' }],
  [
    'cancel train-xyz in prod because runaway, 9h on 8 GPUs',
    { kind: 'cancel', job: 'train-xyz', workspace: 'prod', reason: 'runaway, 9h on 8 GPUs' },
  ],
  ['cancel j because stuck in queue', { kind: 'cancel', job: 'j', workspace: undefined, reason: 'stuck in queue' }],
  ['cancel j in prod because stuck in prod', { kind: 'cancel', job: 'j', workspace: 'prod', reason: 'stuck in prod' }],
  ['cancel j because in', { kind: 'cancel', job: 'j', workspace: undefined, reason: 'in' }],
  ['cancel j   because   a    b', { kind: 'cancel', job: 'j', workspace: undefined, reason: 'a b' }],
  ['CANCEL Train-9 IN Prod BECAUSE Why Not', { kind: 'cancel', job: 'Train-9', workspace: 'prod', reason: 'Why Not' }],
];

describe('parse: accepted commands', () => {
  it.each(accepted)('%j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it('caps a very long reason at 500 characters rather than refusing the cancel', () => {
    const r = parse(`cancel j because ${'x'.repeat(900)}`);
    expect(r.ok && r.command.kind === 'cancel' ? r.command.reason?.length : -1).toBe(500);
  });
});

/** [text, a fragment the error must contain, the hint] — the useful part, not the exact wording. */
const refused: [string, string, string | undefined][] = [
  // empty and oversized input
  ['', 'Say a command', 'help'],
  ['   ', 'Say a command', 'help'],
  ['\t\n ', 'Say a command', 'help'],
  [`list ${'x'.repeat(2_001)}`, 'too long', 'help'],
  // unknown verbs with typo suggestions (closest command and an example)
  ['lsit', 'Did you mean `list`? For example: `list in prod', 'list'],
  ['cancle train-42', 'Did you mean `cancel`? For example: `cancel sweep-lr-42', 'cancel'],
  ['shwo train-42', 'Did you mean `show`? For example: `show train-resnet50-nightly`', 'show'],
  ['sumary train-42', 'Did you mean `summary`?', 'summary'],
  ['stream-sumary x', 'Did you mean `summary`?', 'summary'],
  ['helpp', 'Did you mean `help`?', 'help'],
  ['deploy model', 'I did not understand "deploy". Try `help`.', 'help'],
  ['xyzzy', 'Try `help`', 'help'],
  // invalid job names
  ['show ../etc/passwd', '"../etc/passwd" is not a valid Azure ML job name', 'show'],
  ['show ..%2F..%2Fsecrets', 'not a valid Azure ML job name', 'show'],
  ['summary trāin-42', '"trāin-42" is not a valid Azure ML job name', 'summary'],
  ['cancel 训练', 'not a valid Azure ML job name', 'cancel'],
  ['show -leading-dash', 'not a valid Azure ML job name', 'show'],
  ['show _leading', 'not a valid Azure ML job name', 'show'],
  ['show job.name', 'not a valid Azure ML job name', 'show'],
  [`show a${'b'.repeat(255)}`, `"a${'b'.repeat(39)}…" is not a valid`, 'show'],
  // missing or extra words
  ['show', 'Which job? For example: `show train-resnet50-nightly`', 'show'],
  ['summary', 'Which job?', 'summary'],
  ['cancel', 'Which job? For example: `cancel sweep-lr-42 because runaway`', 'cancel'],
  ['cancel because runaway', 'Which job?', 'cancel'],
  ['cancel j because', 'Say why after "because"', 'cancel'],
  ['cancel j in dev because   ', 'Say why after "because"', 'cancel'],
  ['cancel a b', 'I did not understand "b". Put the reason after "because"', 'cancel'],
  ['show a b', 'I did not understand "b" after the job name', 'show'],
  ['show a in prod extra', 'I did not understand "extra" after the job name', 'show'],
  // bad workspace aliases
  ['list in', 'Name a workspace after "in"', 'list'],
  ['list in PROD!', 'Name a workspace after "in"', 'list'],
  ['list in a in b', 'I did not understand "in" in list', 'list'],
  // bad list filters
  ['list since=5x', 'since=<N>h or since=<N>d', 'list'],
  ['list since=12', 'since=<N>h or since=<N>d', 'list'],
  ['list since=-1h', 'since=<N>h or since=<N>d', 'list'],
  ['list since=99999h', 'since=<N>h or since=<N>d', 'list'],
  ['list top=0', 'top must be a whole number from 1 to 25', 'list'],
  ['list top=26', 'from 1 to 25', 'list'],
  ['list top=abc', 'from 1 to 25', 'list'],
  ['list top=2.5', 'from 1 to 25', 'list'],
  ['list top=-3', 'from 1 to 25', 'list'],
  ['list owner=dana', 'I don\'t know the list filter "owner". Filters: status, type, experiment, tag, mine, since, top.', 'list'],
  ['list status=', '"status=" needs a value', 'list'],
  ['list type=', '"type=" needs a value', 'list'],
  ['list tag=', '"tag=" needs a value', 'list'],
  ['list experiment=', '"experiment=" needs a value', 'list'],
  ['list =Failed', 'I did not understand "=Failed" in list', 'list'],
  ['list failed', 'I did not understand "failed" in list', 'list'],
];

describe('parse: refused input', () => {
  it.each(refused)('%j', (text, fragment, hint) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain(fragment);
    expect(r.hint).toBe(hint);
  });

  it('clips a long unknown word in the error so a pasted log line does not echo back whole', () => {
    const r = parse(`${'z'.repeat(300)} tail`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeLessThan(120);
  });

  it('never throws, whatever the text', () => {
    for (const t of ['\u0000', '=', 'in', 'because', 'list =', 'list tag==', 'cancel in in in', '\u202e', '🙂 list']) {
      expect(() => parse(t)).not.toThrow();
    }
  });
});

/**
 * Gaps a review found in the first parser (each was a bug report); kept as regression tests.
 */
describe('parse: gaps found in review, now fixed', () => {
  // Was: "tag==v" is accepted as tag {key: "", value: "v"}; an empty tag key matches nothing useful.
  it('refuses a tag filter with an empty key (tag==v)', () => {
    expect(parse('list tag==v').ok).toBe(false);
  });
  // Was: "status=," is accepted as statuses [] (an "empty value"), and the list then matches no job at all.
  it('refuses a status filter with no statuses (status=,)', () => {
    expect(parse('list status=,').ok).toBe(false);
  });
  // Was: Number() accepts hex, exponents and ".0": top=0x10 → 16, top=1e1 → 10, top=1.0 → 1.
  it.each(['0x10', '1e1', '1.0', '0b11'])('refuses top=%s (not a plain whole number)', (v) => {
    expect(parse(`list top=${v}`).ok).toBe(false);
  });
  // Was: a bad alias after "in" in show/summary/cancel answers with hint "list" (the list example),
  // not the command the person was typing.
  it.each([['show j in', 'show'], ['summary j in', 'summary'], ['cancel j in', 'cancel']])('%j hints at its own command', (text, hint) => {
    const r = parse(text);
    expect(r.ok ? undefined : r.hint).toBe(hint);
  });
});

describe('closestCommand and examples', () => {
  it.each([
    ['lsit', 'list'],
    ['cancle', 'cancel'],
    ['shwo', 'show'],
    ['hlep', 'help'],
    ['summry', 'summary'],
    ['stream-summry', 'summary'],
    ['LSIT', 'list'],
  ])('%s → %s', (word, expected) => {
    expect(closestCommand(word)).toBe(expected);
  });

  it.each(['deploy', 'xyzzy', 'kubernetes'])('%s has no close command', (word) => {
    expect(closestCommand(word)).toBeUndefined();
  });

  it('every command has an example that itself parses', () => {
    for (const c of ['help', 'list', 'show', 'summary', 'cancel']) {
      const ex = exampleFor(c);
      expect(ex).toBeDefined();
      expect(parse(ex ?? '').ok).toBe(true);
    }
  });
});
