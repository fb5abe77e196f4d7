import { runSoak } from './soak-run';

/** T22 smoke: the soak's checks over a few hundred activities, so a regression shows in npm test, not only in `npm run soak`. */
it('T22 soak smoke: 200 mixed activities, ARM and Teams throttling, nothing broken, lost or done twice', async () => {
  const r = await runSoak({ activities: 200, users: 40, conversations: 10, concurrency: 10, samples: 10, failingJobs: 4, failWindowMs: 8000, seed: 7 });
  const failed = r.checks.filter((c) => !c.pass && !c.name.includes('trend'));
  expect(failed).toEqual([]);
  expect(r.figures.noticesDelivered).toBe(r.figures.noticesExpected);
}, 90_000);
