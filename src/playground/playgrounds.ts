import { Logger } from 'pino';
import { WorkspaceConfig } from '../config';
import { approverPlayground, readPlaygroundFile, writeApproverConfig } from './approver-config';
import { RunningPlayground, announceInstallation, startPlayground } from './start-playground';

/**
 * What `npm start` opens in local mode: the Agents Playground as the committed config's user (the requester) and,
 * unless PLAYGROUND_APPROVER=off, a second one as a production approver on the next port (the Playground has no
 * user switcher). Both start in parallel, after the bot is ready; either failing is a warning, never a reason to
 * keep the bot down.
 */
export interface PlaygroundFiles {
  /** The committed mock tenant (`.m365agentsplayground.yml`), as the requester. */
  configFile: string;
  logFile: string;
  /** Where the approver's generated config and its log go (both rewritten on every start). */
  approver?: { configFile: string; logFile: string };
}

export interface PlaygroundsOptions {
  /** The bot's messaging endpoint. */
  endpoint: string;
  /** The requester's port; the approver's is the next one (0 = any free port for both). */
  port: number;
  approver: boolean;
  workspaces: Record<string, WorkspaceConfig>;
  files: PlaygroundFiles;
  logger: Logger;
  /**
   * The serviceUrl of the approver's stored personal-chat reference (the bot's conversation store): start-up
   * waits until it points at the new Playground, so an approval card can reach the approver at once.
   */
  personalServiceUrl?: (aadObjectId: string) => Promise<string | undefined>;
}

export interface OpenPlayground {
  url: string;
  pid: number;
  /** Who the Playground's UI acts as, e.g. "Alice Operator" (undefined when its config could not be read). */
  user?: string;
}

export interface RunningPlaygrounds {
  requester: OpenPlayground;
  /** The approver's Playground; `workspace` is the production workspace they approve for. */
  approver?: OpenPlayground & { user: string; workspace: string };
  stop(): Promise<void>;
}

export async function startPlaygrounds(o: PlaygroundsOptions): Promise<RunningPlaygrounds | undefined> {
  const log = o.logger;
  const requester = startPlayground({ endpoint: o.endpoint, port: o.port, ...pick(o.files), logger: log, label: 'requester' }).catch((err: unknown) => {
    log.warn({ err: (err as Error).message }, 'the Agents Playground did not start; the bot runs without it (PLAYGROUND=off silences this)');
    return undefined;
  });
  let requesterUser: string | undefined;
  let approver: Promise<(RunningPlayground & { user: string; workspace: string }) | undefined> = Promise.resolve(undefined);
  const files = o.files.approver;
  if (o.approver && files) {
    approver = (async () => {
      let plan;
      try {
        const file = readPlaygroundFile(o.files.configFile);
        requesterUser = file.currentUser.name;
        plan = approverPlayground(file, o.workspaces);
        if (!plan) {
          log.info('no production approver is among the Playground\'s users: one Playground only');
          return undefined;
        }
        writeApproverConfig(files.configFile, o.files.configFile, plan);
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'the approver\'s Agents Playground did not start (PLAYGROUND_APPROVER=off silences this)');
        return undefined;
      }
      const port = o.port === 0 || o.port >= 65535 ? 0 : o.port + 1;
      const started = await startPlayground({ endpoint: o.endpoint, port, ...files, logger: log, label: 'approver' }).catch((err: unknown) => {
        log.warn({ err: (err as Error).message }, 'the approver\'s Agents Playground did not start (PLAYGROUND_APPROVER=off silences this)');
        return undefined;
      });
      if (!started) return undefined;
      await introduce(started, plan.personalChatId, plan.approver, o).catch((err: unknown) => {
        // Not fatal: the Playground's UI sends the same when the approver opens it.
        log.warn({ err: (err as Error).message }, 'the bot does not know the approver\'s chat yet; it will once the approver\'s Playground is opened');
      });
      return { ...started, user: plan.approver.name, workspace: plan.workspace };
    })();
  }
  const [r, a] = await Promise.all([requester, approver]);
  if (!r) {
    await a?.stop();
    return undefined;
  }
  return {
    requester: { url: r.url, pid: r.pid, user: requesterUser },
    approver: a && { url: a.url, pid: a.pid, user: a.user, workspace: a.workspace },
    async stop() {
      await Promise.all([r.stop(), a?.stop()]);
    },
  };
}

function pick(f: { configFile: string; logFile: string }): { configFile: string; logFile: string } {
  return { configFile: f.configFile, logFile: f.logFile };
}

/** The app "installed" for the approver: the bot stores their personal chat (with this Playground's serviceUrl). */
async function introduce(pg: RunningPlayground, personalChatId: string, user: { name: string; aadObjectId?: string }, o: PlaygroundsOptions): Promise<void> {
  await announceInstallation(pg.port, personalChatId, user.name);
  const aad = user.aadObjectId;
  if (!aad || !o.personalServiceUrl) return;
  const mine = `:${pg.port}/`;
  for (let i = 0; i < 50; i++) {
    if ((await o.personalServiceUrl(aad).catch(() => undefined))?.includes(mine)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the installation did not reach the bot within 5 s');
}
