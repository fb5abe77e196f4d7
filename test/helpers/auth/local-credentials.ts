import { MicrosoftAppCredentials } from 'botframework-connector';
import { ServiceClientCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';

/** The bearer token every outbound call carries in tests, so a test can recognise it at the stand-in. */
export const LOCAL_OUTBOUND_TOKEN = 'local-outbound-token-for-tests';

/**
 * Outbound credentials that never reach MSAL (which cannot be pointed at loopback): getToken
 * returns a fixed local token, everything else is the real MicrosoftAppCredentials.
 */
export class LocalAppCredentials extends MicrosoftAppCredentials {
  override async getToken(_forceRefresh?: boolean): Promise<string> {
    return LOCAL_OUTBOUND_TOKEN;
  }
}

/** Passed as StartOverrides.credentialsFactory; accepts only the configured app id. */
export class LocalCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string, private readonly password: string) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    return new LocalAppCredentials(appId, this.password, undefined, audience);
  }
}
