import { Writable } from 'node:stream';
import { createLogger } from '../../../src/shared/logger';
import { StartOverrides } from '../../../src/compose';
import { ConnectorStandIn } from '../connector-stand-in';
import { TestBot, TestUser, USERS, startTestBot } from '../test-bot';
import { LocalCredentialsFactory } from './local-credentials';
import { OpenIdServer } from './openid-server';
import { ChannelClaims, mintChannelToken } from './token-minter';

export const APP_ID = '11111111-2222-3333-4444-555555555555';
/** Distinctive so a leak is unmistakable in captured logs (R1.5). */
export const APP_PASSWORD = 'Sup3r-S3cret-Bot-Password~value';

export interface AuthBot {
  t: TestBot;
  openId: OpenIdServer;
  /** Every log line the bot wrote, at debug level. */
  logLines: string[];
  /** Claims a genuine Teams channel token would carry for the connector stand-in. */
  claims(overrides?: Partial<ChannelClaims>): ChannelClaims;
  validToken(overrides?: Partial<ChannelClaims>): string;
  /** A message activity addressed as Teams would send it (replies go to serviceUrl, not the body). */
  message(text: string, o?: { serviceUrl?: string; user?: TestUser; conversationId?: string; id?: string }): Record<string, unknown>;
  postWith(body: unknown, authorization?: string): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
}

/**
 * The real bot with inbound authentication ON: an app id, a loopback OpenID/JWKS server, and
 * outbound credentials that mint a local token so replies reach the connector stand-in.
 */
export async function startAuthBot(opts: { overrides?: Partial<StartOverrides> } = {}): Promise<AuthBot> {
  const openId = await new OpenIdServer().start();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const t = await startTestBot({
    env: { BOT_ID: APP_ID, BOT_PASSWORD: APP_PASSWORD, BOT_OPENID_METADATA_URL: openId.metadataUrl },
    overrides: { logger: createLogger('debug', sink), credentialsFactory: new LocalCredentialsFactory(APP_ID, APP_PASSWORD), ...opts.overrides },
  });
  let n = 0;
  const claims = (o: Partial<ChannelClaims> = {}): ChannelClaims => ({ aud: APP_ID, serviceurl: t.connector.url, ...o });
  return {
    t,
    openId,
    logLines,
    claims,
    validToken: (o) => mintChannelToken(openId.key, claims(o)),
    message(text, o = {}) {
      const user = o.user ?? USERS.alice;
      return {
        type: 'message', id: o.id ?? `auth-msg-${++n}`, text, channelId: 'msteams', serviceUrl: o.serviceUrl ?? t.connector.url,
        from: user, recipient: { id: `28:${APP_ID}`, name: 'JobOps' },
        conversation: { id: o.conversationId ?? 'a:auth-conv', conversationType: 'personal', tenantId: 'tenant-1' },
        channelData: { tenant: { id: 'tenant-1' } }, locale: 'en-US',
      };
    },
    postWith: (body, authorization) => t.post(body, authorization === undefined ? {} : { authorization }),
    async stop() {
      await t.stop();
      await openId.stop();
    },
  };
}

/** A second connector stand-in that plays the attacker's forged serviceUrl (T5). */
export async function startForgedConnector(): Promise<ConnectorStandIn> {
  return new ConnectorStandIn().start();
}
