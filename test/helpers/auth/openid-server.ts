import crypto, { KeyObject } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/**
 * A loopback stand-in for the Bot Framework OpenID metadata + JWKS endpoints (teams-facts.md,
 * "Testing inbound authentication for real, offline"): the adapter validates tokens for real,
 * against a locally generated RSA key, with no network beyond 127.0.0.1.
 */
export class OpenIdServer {
  readonly key: SigningKey;
  /** Same kid shape, different key pair: lets a test sign with a key the JWKS does not hold. */
  readonly strangerKey: SigningKey;
  private server?: http.Server;
  url = '';
  requests = 0;

  constructor(private readonly endorsements: string[] = ['msteams']) {
    this.key = { kid: `test-${crypto.randomUUID()}`, privateKey: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
    this.strangerKey = { kid: `stranger-${crypto.randomUUID()}`, privateKey: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
  }

  /** The metadata URL to pass as BOT_OPENID_METADATA_URL; unique per server because the SDK caches per URL. */
  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    const publicJwk = crypto.createPublicKey(this.key.privateKey).export({ format: 'jwk' });
    const jwks = { keys: [{ ...publicJwk, kid: this.key.kid, alg: 'RS256', use: 'sig', endorsements: this.endorsements }] };
    this.server = http.createServer((req, res) => {
      this.requests += 1;
      const send = (body: unknown): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url?.startsWith('/v1/.well-known/openidconfiguration')) {
        send({ issuer: CHANNEL_ISSUER, jwks_uri: `${this.url}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] });
      } else if (req.url?.startsWith('/v1/keys')) {
        send(jwks);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
