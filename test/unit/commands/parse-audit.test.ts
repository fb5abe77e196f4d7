import { COMMAND_NAMES } from '../../../src/grammars';
import { Command, closestCommand, exampleFor, parse } from '../../../src/grammars';

/** `audit <job> [in <ws>]` follows show's grammar exactly: same job-name and alias rules. */
const accepted: [string, Command][] = [
  ['audit train-42', { kind: 'audit', job: 'train-42', workspace: undefined }],
  ['AUDIT Train-42', { kind: 'audit', job: 'Train-42', workspace: undefined }],
  ['audit train-42 in prod', { kind: 'audit', job: 'train-42', workspace: 'prod' }],
  ['audit train_42 IN Dev', { kind: 'audit', job: 'train_42', workspace: 'dev' }],
  ['  audit   j  ', { kind: 'audit', job: 'j', workspace: undefined }],
];

const refused: [string, string][] = [
  ['audit', 'Which job? For example: `audit sweep-lr-42 in dev`'],
  ['audit ../etc/passwd', 'not a valid Azure ML job name'],
  ['audit -x', 'not a valid Azure ML job name'],
  ['audit j in', 'Name a workspace after "in"'],
  ['audit j in PROD!', 'Name a workspace after "in"'],
  ['audit j extra', 'I did not understand "extra" after the job name'],
];

describe('parse: audit', () => {
  it.each(accepted)('%j', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  it.each(refused)('refuses %j and hints at audit', (text, fragment) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain(fragment);
    expect(r.hint).toBe('audit');
  });

  it('is a listed command with an example, and typos lead to it', () => {
    expect(COMMAND_NAMES).toContain('audit');
    expect(exampleFor('audit')).toBe('audit sweep-lr-42 in dev');
    expect(closestCommand('audti')).toBe('audit');
    const typo = parse('adit j');
    expect(typo.ok ? undefined : typo.hint).toBe('audit');
  });
});
