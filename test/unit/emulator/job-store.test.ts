import { EmulatedJob } from '../../../src/emulator/job-model';
import { JobStore } from '../../../src/emulator/job-store';

const job = (name: string, createdAt: number, extra: Partial<EmulatedJob> = {}): EmulatedJob =>
  ({ name, workspace: 'mlw-dev', createdAt, jobType: 'Command', tags: {}, isArchived: false, children: [], ...extra }) as unknown as EmulatedJob;

describe('JobStore.list', () => {
  it('keeps ARM order (newest first, then by name) whatever order jobs are added in, and lists top-level jobs only', () => {
    const s = new JobStore();
    const times = [5, 1, 9, 3, 9, 7, 2];
    times.forEach((t, i) => s.add(job(`j${i}`, t)));
    s.add(job('child', 100, { parentName: 'j0' }));
    s.add(job('other-ws', 50, { workspace: 'mlw-prod' }));
    expect(s.list('MLW-DEV', {}).map((j) => j.name)).toEqual(['j2', 'j4', 'j5', 'j0', 'j3', 'j6', 'j1']);
  });

  it('filters by view, type and tag, and forgets everything on clear', () => {
    const s = new JobStore();
    s.add(job('a', 1, { isArchived: true }));
    s.add(job('b', 2, { jobType: 'Sweep' as never, tags: { team: 'x' } }));
    s.add(job('c', 3));
    expect(s.list('mlw-dev', {}).map((j) => j.name)).toEqual(['c', 'b']);
    expect(s.list('mlw-dev', { listViewType: 'ArchivedOnly' }).map((j) => j.name)).toEqual(['a']);
    expect(s.list('mlw-dev', { jobType: 'sweep', tag: 'team' }).map((j) => j.name)).toEqual(['b']);
    s.clear();
    expect(s.list('mlw-dev', { listViewType: 'All' })).toEqual([]);
  });
});
