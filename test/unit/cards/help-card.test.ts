import { HelpModel, helpCard } from '../../../src/cards/help-card';
import { expectCardShape } from './card-rules';
import { allText, factsOf } from './factory';

const workspaces: HelpModel['workspaces'] = [
  { alias: 'dev', production: false },
  { alias: 'prod', production: true },
];

describe('helpCard', () => {
  it('lists each command with what it does, and cancel only for people who may cancel', () => {
    const withCancel = helpCard({ canCancel: true, workspaces, defaultWorkspace: 'dev' });
    expectCardShape(withCancel);
    const titles = Object.keys(factsOf(withCancel));
    const verbs = titles.map((t) => t.split(' ')[0]);
    // Other commands may join (the list grows); these are the contract, list first and help last.
    expect(verbs).toEqual(expect.arrayContaining(['list', 'show', 'summary', 'cancel', 'help']));
    expect(verbs[0]).toBe('list');
    expect(verbs[verbs.length - 1]).toBe('help');
    expect(factsOf(withCancel)['summary <job> [in <ws>]']).toContain('stream-summary, logs');

    const without = helpCard({ canCancel: false, workspaces, defaultWorkspace: 'dev' });
    expect(Object.keys(factsOf(without)).some((t) => t.startsWith('cancel'))).toBe(false);
  });

  it('names the workspaces, which are production and which is the default', () => {
    expect(allText(helpCard({ canCancel: true, workspaces, defaultWorkspace: 'dev' }))).toContain('Workspaces: dev — default, prod (production)');
  });

  it('tells how to share a job anywhere: paste a Studio link, or find it from the compose box', () => {
    const text = allText(helpCard({ canCancel: false, workspaces, defaultWorkspace: 'dev' }));
    expect(text).toContain('Paste an Azure ML Studio job link (ml.azure.com/runs/…)');
    expect(text).toContain('JobOps → Find a job');
  });

  it('has no buttons (nothing to act on)', () => {
    expect(helpCard({ canCancel: true, workspaces, defaultWorkspace: 'dev' }).actions).toBeUndefined();
  });

  it('matches the snapshot', () => {
    expect(helpCard({ canCancel: true, workspaces, defaultWorkspace: 'prod' })).toMatchSnapshot();
  });
});
