import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { parseStudioLink, servedWorkspace } from '../../../src/message-extensions/studio-link';

const SUB = '00000000-0000-0000-0000-000000000000';
const WSID = `/subscriptions/${SUB}/resourcegroups/jobops-local/workspaces/mlw-prod`;
const ARM_WSID = `/subscriptions/${SUB}/resourceGroups/jobops-local/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod`;
const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('parseStudioLink', () => {
  it.each([
    ['a run link as Studio writes it', `https://ml.azure.com/runs/train-fraud-gbm-prod-22?wsid=${WSID}`, 'train-fraud-gbm-prod-22'],
    ['with tid', `https://ml.azure.com/runs/train-fraud-gbm-prod-22?wsid=${WSID}&tid=${TID}`, 'train-fraud-gbm-prod-22'],
    ['under an experiment name', `https://ml.azure.com/experiments/fraud-gbm/runs/job_01?wsid=${WSID}`, 'job_01'],
    ['under an experiment id', `https://ml.azure.com/experiments/id/0b9e6d2a-41f7/runs/job_01?wsid=${WSID}&tid=${TID}`, 'job_01'],
    ['a tab of the run page', `https://ml.azure.com/runs/job_01/outputs?wsid=${WSID}`, 'job_01'],
    ['a full ARM id as wsid, URL-encoded', `https://ml.azure.com/runs/job_01?wsid=${encodeURIComponent(ARM_WSID)}`, 'job_01'],
    ['a regional Studio host', `https://eastus2.ml.azure.com/runs/job_01?wsid=${WSID}`, 'job_01'],
    ['upper-case host', `https://ML.AZURE.COM/runs/job_01?wsid=${WSID}`, 'job_01'],
  ])('reads %s', (_what, url, job) => {
    const link = parseStudioLink(url);
    expect(link?.job).toBe(job);
    expect(link?.subscriptionId).toBe(SUB);
    expect(link?.resourceGroup.toLowerCase()).toBe('jobops-local');
    expect(link?.workspace).toBe('mlw-prod');
  });

  it('keeps the tenant the link names', () => {
    expect(parseStudioLink(`https://ml.azure.com/runs/j1?wsid=${WSID}&tid=${TID}`)?.tenantId).toBe(TID);
  });

  it.each([
    ['plain http', `http://ml.azure.com/runs/j1?wsid=${WSID}`],
    ['another domain', `https://ml.azure.com.evil.example/runs/j1?wsid=${WSID}`],
    ['a look-alike host', `https://evilml.azure.com/runs/j1?wsid=${WSID}`],
    ['two labels in front', `https://a.b.ml.azure.com/runs/j1?wsid=${WSID}`],
    ['credentials in the URL', `https://user:pw@ml.azure.com/runs/j1?wsid=${WSID}`],
    ['an explicit port', `https://ml.azure.com:8443/runs/j1?wsid=${WSID}`],
    ['no wsid', 'https://ml.azure.com/runs/j1'],
    ['a wsid that is not a workspace id', 'https://ml.azure.com/runs/j1?wsid=/subscriptions/x/../../etc'],
    ['not a run page', `https://ml.azure.com/home?wsid=${WSID}`],
    ['runs without a job', `https://ml.azure.com/runs?wsid=${WSID}`],
    ['runs in an odd place', `https://ml.azure.com/data/x/runs/j1?wsid=${WSID}`],
    ['a job name Azure would refuse', `https://ml.azure.com/runs/..%2Fsecret?wsid=${WSID}`],
    ['a broken escape', `https://ml.azure.com/runs/%E0%A4%A?wsid=${WSID}`],
    ['a tid that is not an id', `https://ml.azure.com/runs/j1?wsid=${WSID}&tid=<script>`],
    ['no URL at all', 'train-fraud-gbm-prod-22'],
    ['a huge URL', `https://ml.azure.com/runs/j1?wsid=${WSID}&x=${'a'.repeat(3000)}`],
    ['not a string', { url: 'https://ml.azure.com' }],
  ])('ignores %s', (_what, url) => {
    expect(parseStudioLink(url)).toBeUndefined();
  });
});

describe('servedWorkspace', () => {
  const root = path.resolve(__dirname, '../../..');
  const config = loadConfig({ JOBOPS_CONFIG: 'env/jobops.local.json', PORT: '0' }, root);
  const link = (wsid: string, tid?: string) => parseStudioLink(`https://ml.azure.com/runs/j1?wsid=${encodeURIComponent(wsid)}${tid ? `&tid=${tid}` : ''}`)!;

  it('maps the link to the configured alias, ignoring case as ARM does', () => {
    expect(servedWorkspace(config, link(WSID))?.alias).toBe('prod');
    expect(servedWorkspace(config, link(ARM_WSID.toUpperCase().replace('MLW-PROD', 'mlw-dev')))?.alias).toBe('dev');
  });

  it('serves nothing for another subscription, resource group or workspace', () => {
    expect(servedWorkspace(config, link(WSID.replace(SUB, '11111111-0000-0000-0000-000000000000')))).toBeUndefined();
    expect(servedWorkspace(config, link(WSID.replace('jobops-local', 'other-rg')))).toBeUndefined();
    expect(servedWorkspace(config, link(WSID.replace('mlw-prod', 'mlw-staging')))).toBeUndefined();
  });

  it('with a tenant restriction, a link into another tenant is not ours even when the names match', () => {
    const restricted = { ...config, tenantId: TID };
    expect(servedWorkspace(restricted, link(WSID, TID))?.alias).toBe('prod');
    expect(servedWorkspace(restricted, link(WSID))?.alias).toBe('prod');
    expect(servedWorkspace(restricted, link(WSID, '11111111-2222-3333-4444-555555555555'))).toBeUndefined();
  });
});
