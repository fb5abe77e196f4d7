import './lazy-teams-ai-install';
import { CallerIdConstants, ConfigurationServiceClientCredentialFactory, TurnContext } from 'botbuilder';
import { AuthenticationConfiguration, AuthenticationConstants, AuthenticationError, Claim, ServiceClientCredentialsFactory } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import { Logger } from 'pino';
import { Config } from '../config';

const CHANNEL_ISSUER = 'https://api.botframework.com';
const UNAUTHORIZED = 401;

interface Authenticator {
  authenticateRequest(activity: unknown, authHeader: string): Promise<unknown>;
}

export interface AdapterOptions {
  /** Tests inject credentials that mint local tokens (MSAL cannot be pointed at loopback). */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * The Bot Framework adapter with inbound authentication on whenever an app id is configured.
 * Two hardenings over the SDK defaults: every token-validation failure is a 401 (jsonwebtoken's
 * own errors otherwise surface as 500, security.md T3), and only the channel issuer is accepted
 * (the "emulator" issuer path does not check `aud`, R1.3).
 */
export function createAdapter(config: Config, logger: Logger, opts: AdapterOptions = {}): TeamsAdapter {
  const settings: Record<string, string> = config.anonymous
    ? {}
    : {
        MicrosoftAppId: config.bot.id,
        MicrosoftAppPassword: config.bot.password,
        MicrosoftAppType: config.bot.type,
        MicrosoftAppTenantId: config.bot.tenantId,
      };
  if (!config.anonymous && config.bot.openIdMetadataUrl) {
    // Parameterised mode gives unset settings no default: without the channel issuer every
    // genuine token is rejected, and without the login URL/scope outbound replies have no audience.
    settings.ToBotFromChannelTokenIssuer = AuthenticationConstants.ToBotFromChannelTokenIssuer;
    settings.ToChannelFromBotLoginUrl = AuthenticationConstants.ToChannelFromBotLoginUrl;
    settings.ToChannelFromBotOAuthScope = AuthenticationConstants.ToChannelFromBotOAuthScope;
    settings.OAuthUrl = AuthenticationConstants.OAuthUrl;
    settings.CallerId = CallerIdConstants.PublicAzureChannel;
    settings.ToBotFromChannelOpenIdMetadataUrl = config.bot.openIdMetadataUrl;
    // Keep the emulator path pointed somewhere valid (its tokens are then refused by validateClaims).
    settings.ToBotFromEmulatorOpenIdMetadataUrl = config.bot.openIdMetadataUrl;
  }
  const validateClaims = async (claims: Claim[]): Promise<void> => {
    const iss = claims.find((c) => c.type === 'iss')?.value;
    if (iss !== CHANNEL_ISSUER) throw new AuthenticationError('token issuer is not the Bot Framework channel', UNAUTHORIZED);
  };
  const auth = new AuthenticationConfiguration([], config.anonymous ? undefined : validateClaims);
  const factory = opts.credentialsFactory ?? new ConfigurationServiceClientCredentialFactory(settings);
  const adapter = new TeamsAdapter(settings, factory, auth);
  hardenAuthentication(adapter, logger);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, activityId: context.activity?.id }, 'unhandled turn error');
    if (context.activity?.type === 'message') await context.sendActivity('Sorry, something went wrong on my side. Please try again.');
  };
  return adapter;
}

function hardenAuthentication(adapter: TeamsAdapter, logger: Logger): void {
  // The authenticator is a protected field of CloudAdapterBase; wrapping it is the narrowest change.
  const holder = adapter as unknown as { botFrameworkAuthentication: Authenticator };
  const inner = holder.botFrameworkAuthentication;
  const original = inner.authenticateRequest.bind(inner);
  inner.authenticateRequest = async (activity, authHeader) => {
    try {
      return await original(activity, authHeader);
    } catch (err) {
      logger.warn({ reason: (err as Error).message }, 'inbound request failed authentication');
      if (err instanceof AuthenticationError) throw err;
      throw new AuthenticationError('invalid token', UNAUTHORIZED);
    }
  };
}
