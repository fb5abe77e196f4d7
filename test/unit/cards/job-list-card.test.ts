import { JobListModel, JobListRow, jobListCard } from '../../../src/cards/job-list-card';
import { VERBS } from '../../../src/cards/verbs';
import { expectCardShape, expectSafeActions } from './card-rules';
import { H, NOW, allText, cardBytes, executesOf, hoursAgo, makeJob, textsOf } from './factory';

function model(over: Partial<JobListModel> = {}): JobListModel {
  const jobs = [
    makeJob({ name: 'train-a', status: 'Failed', endedAt: hoursAgo(1) }),
    makeJob({ name: 'train-b', status: 'Running' }),
    makeJob({ name: 'train-c', status: 'Failed', endedAt: hoursAgo(1.5) }),
    makeJob({ name: 'sweep-d', type: 'Sweep', status: 'Queued', startedAt: undefined, submitter: undefined }),
  ];
  return {
    workspaceAlias: 'prod',
    production: true,
    filtersText: 'Newest first · status Failed, Running',
    rows: jobs.map((job, index): JobListRow => ({ job, showHandle: H.show, index })),
    moreHandle: H.more,
    now: NOW,
    pageNumber: 1,
    ...over,
  };
}

describe('jobListCard', () => {
  it('leads with the workspace and a status overview with icons and words, most frequent first', () => {
    const c = jobListCard(model());
    expectCardShape(c);
    const texts = textsOf(c);
    expect(texts[0]).toBe('Jobs in prod · production');
    expect(texts[1]).toBe('Newest first · status Failed, Running');
    // Non-breaking spaces keep each icon, word and count together when the line wraps.
    expect(texts[2]).toBe('❌\u00a0Failed\u00a02  ·  ▶️\u00a0Running\u00a01  ·  🕒\u00a0Queued\u00a01');
    expect(c.body[2]).toMatchObject({ type: 'Chart.Donut', data: [{ legend: '❌ Failed 2', value: 2, color: 'attention' }, { legend: '▶️ Running 1', value: 1, color: 'categoricalBlue' }, { legend: '🕒 Queued 1', value: 1, color: 'neutral' }] });
  });

  it('shows one row per job with name, status word and icon, type, experiment, submitter and age', () => {
    const t = allText(jobListCard(model()));
    expect(t).toContain('train-a');
    expect(t).toContain('❌ Failed');
    expect(t).toContain('Command · nightly-retrain · Priya Patel · 3h 0m old · ran 1h 0m');
    expect(t).toContain('Sweep · nightly-retrain · 3h 0m old');
  });

  it('rows open `show` with {h, i} and More pages with {h}; no names or workspaces in data', () => {
    const c = jobListCard(model());
    const ex = executesOf(c);
    const rows = ex.filter((a) => a.verb === VERBS.showJob);
    expect(rows.map((a) => a.data)).toEqual([0, 1, 2, 3].map((i) => ({ h: H.show, i })));
    expect(c.actions).toEqual([{ type: 'Action.Execute', title: 'More', verb: VERBS.listMore, data: { h: H.more } }]);
    expectSafeActions(c, ['train-a', 'train-b', 'train-c', 'sweep-d', 'prod']);
  });

  it('has no More button on the last page and says which page it is', () => {
    const c = jobListCard(model({ moreHandle: undefined, pageNumber: 3, production: false }));
    expect(c.actions).toBeUndefined();
    expect(textsOf(c)[0]).toBe('Jobs in prod');
    expect(textsOf(c)[1]).toContain('· page 3');
  });

  it('says so when nothing matches', () => {
    const c = jobListCard(model({ rows: [], moreHandle: undefined }));
    expect(allText(c)).toContain('No jobs match.');
    expect(textsOf(c)[2]).toBe('—');
    expect(c.fallbackText).toBe('0 jobs in prod');
  });

  it('truncates long names with "…" and neutralises markdown links in Azure text', () => {
    const job = makeJob({
      name: `n${'x'.repeat(200)}`,
      displayName: '[Click to fix](https://evil.example/login)',
      experiment: '[exp](https://evil.example)',
      submitter: '[me](https://evil.example)',
    });
    const t = allText(jobListCard(model({ rows: [{ job, showHandle: H.show, index: 0 }] })));
    expect(t).toContain(`n${'x'.repeat(58)}… — `);
    expect(t).not.toContain('](');
    expect(t).toContain('[Click to fix] (https://evil.example/login)');
  });

  // Bug: filtersText (built from what the user typed, e.g. `list experiment=[x](https://evil)`) is
  // put on the card without plain(), so a markdown link survives on a card others can see.
  it('neutralises markdown links in the filters line', () => {
    const c = jobListCard(model({ filtersText: 'Newest first · experiment [x](https://evil.example)' }));
    expect(allText(c)).not.toContain('](');
  });

  it('stays under the 28 KB Teams budget with 25 jobs of maximal names, experiments and submitters', () => {
    const long = (prefix: string, n: number): string => `${prefix}${'é'.repeat(n)}`;
    const rows: JobListRow[] = Array.from({ length: 25 }, (_, i) => ({
      job: makeJob({
        name: `j${String(i).padStart(2, '0')}${'-abcdefghij'.repeat(23)}`.slice(0, 255),
        displayName: long('Display 🙂 ', 400),
        experiment: long('experiment-', 300),
        submitter: long('Submitter ', 200),
        type: long('FineTuning', 50),
        status: i % 3 === 0 ? 'Failed' : i % 3 === 1 ? 'Running' : 'CancelRequested',
        endedAt: i % 3 === 0 ? hoursAgo(1) : undefined,
      }),
      showHandle: H.show,
      index: i,
    }));
    const c = jobListCard(model({ rows, filtersText: long('Newest first · experiment ', 300) }));
    const bytes = cardBytes(c);
    expect(bytes).toBeLessThan(28 * 1024);
    // The realistic budget is far lower; this guards against rows silently growing.
    expect(bytes).toBeGreaterThan(5_000);
  });

  it('matches the snapshot', () => {
    expect(jobListCard(model())).toMatchSnapshot();
  });
});
