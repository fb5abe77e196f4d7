/**
 * The P1 reference bot (issue 13): the least a teams-ai bot can do to answer `list` and `show <job>` from Azure ML,
 * measured in the same run and harness as JobOps. A teams-ai `Application` on a `TeamsAdapter` (anonymous, loopback),
 * restify with a body parser, the ARM SDK (`@azure/arm-machinelearning`, the client JobOps uses) making one GET per
 * reply, and an Adaptive Card padded to the size of JobOps' card for the same command (REF_LIST_BYTES,
 * REF_SHOW_BYTES, measured by the harness), so both bots serialise and send the same number of bytes.
 *
 * No storage, no audit, no permission checks, no buttons: a floor, not a competitor. Prints `{"ready":…}` on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import restify, { Request, Response } from 'restify';
import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { AzureMachineLearningWorkspaces, JobBase } from '@azure/arm-machinelearning';
import { noCredential, useLoopbackAuth } from '../src/azureml/loopback-policy';

// P6 runs a built copy from dist/bench/, so the repo root can be given.
const ROOT = process.env.BENCH_ROOT ?? path.resolve(__dirname, '..');

interface WorkspaceFile {
  defaultWorkspace: string;
  workspaces: Record<string, { subscriptionId: string; resourceGroup: string; workspace: string }>;
}

function card(title: string, lines: string[], targetBytes: number): Record<string, unknown> {
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: title, weight: 'bolder', wrap: true }, ...lines.map((text) => ({ type: 'TextBlock', text, wrap: true }))];
  const base = { type: 'AdaptiveCard', version: '1.5', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', body };
  const pad = targetBytes - JSON.stringify(base).length - 60;
  if (pad > 0) body.push({ type: 'TextBlock', text: '·'.repeat(pad), isSubtle: true, wrap: true });
  return base;
}

async function main(): Promise<void> {
  const endpoint = process.env.BENCH_ARM_ENDPOINT;
  if (!endpoint) throw new Error('BENCH_ARM_ENDPOINT is required');
  const listBytes = Number(process.env.REF_LIST_BYTES ?? 3000);
  const showBytes = Number(process.env.REF_SHOW_BYTES ?? 2000);
  const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'env/jobops.local.json'), 'utf8')) as WorkspaceFile;
  const ws = file.workspaces[file.defaultWorkspace]!;
  const client = new AzureMachineLearningWorkspaces(noCredential, ws.subscriptionId, { endpoint, apiVersion: '2024-04-01' });
  useLoopbackAuth(client.pipeline);

  const adapter = new TeamsAdapter({});
  const app = new Application<TurnState>({ adapter, removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });
  app.message(/^list$/i, async (context: TurnContext) => {
    const page = await client.jobs.list(ws.resourceGroup, ws.workspace).byPage().next();
    const jobs = ((page.value ?? []) as JobBase[]).slice(0, 10);
    const lines = jobs.map((j) => `${j.name} · ${(j.properties as { status?: string }).status ?? '?'} · ${(j.properties as { experimentName?: string }).experimentName ?? ''}`);
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card(`Jobs in ${file.defaultWorkspace}`, lines, listBytes))));
  });
  app.message(/^show\s+\S+$/i, async (context: TurnContext) => {
    const name = (context.activity.text ?? '').trim().split(/\s+/)[1]!;
    const j = await client.jobs.get(ws.resourceGroup, ws.workspace, name);
    const p = j.properties as { status?: string; jobType?: string; experimentName?: string; computeId?: string };
    const lines = [`Status: ${p.status}`, `Type: ${p.jobType}`, `Experiment: ${p.experimentName}`, `Compute: ${(p.computeId ?? '').split('/').pop()}`];
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card(j.name ?? name, lines, showBytes))));
  });

  const server = restify.createServer({ name: 'reference' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const stop = (): void => {
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ ready: { url: `http://127.0.0.1:${port}`, emulatorUrl: endpoint, pid: process.pid } })}\n`);
}

main().catch((err: unknown) => {
  console.error('reference bot failed to start:', err);
  process.exit(1);
});
