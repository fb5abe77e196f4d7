import { Deps } from '../deps';
import { JOB_NAME, clip, fail, jobAndWorkspace } from '../text-commands/grammar';
import { Grammar, TextCommandFeature } from '../text-commands/text-command';
import { compareRuns } from './compare-runs';

export type CompareCommand = { kind: 'compare'; jobs: [string, string]; workspace?: string };

const EXAMPLE = 'compare train-fraud-gbm-prod-21 pipe-retrain-prod-15 in prod';

/** compare|diff <job> <job> [in <alias>] */
export const compareGrammar: Grammar<CompareCommand> = {
  names: ['compare'],
  examples: { compare: EXAMPLE },
  parse(verb, words) {
    if (verb !== 'compare' && verb !== 'diff') return undefined;
    const r = jobAndWorkspace(words, 'compare', EXAMPLE);
    if (!r.ok) return r;
    const [other, ...extra] = r.rest;
    if (!other) return fail(`Name two jobs, for example \`${EXAMPLE}\`.`, 'compare');
    if (!JOB_NAME.test(other)) return fail(`"${clip(other)}" is not a valid Azure ML job name (letters, digits, - and _, starting with a letter or digit).`, 'compare');
    if (extra.length) return fail(`I did not understand "${clip(extra.join(' '))}"; compare takes two jobs.`, 'compare');
    return { ok: true, command: { kind: 'compare', jobs: [r.job, other], workspace: r.workspace } };
  },
};

export function compareCommand(deps: Deps): TextCommandFeature<CompareCommand> {
  return {
    grammar: compareGrammar,
    run: async (_context, _turn, cmd) => compareRuns(deps, cmd.jobs[0], cmd.jobs[1], cmd.workspace),
  };
}
