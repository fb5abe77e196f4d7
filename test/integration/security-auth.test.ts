import { AuthBot, APP_ID, APP_PASSWORD, startAuthBot, startForgedConnector } from '../helpers/auth/auth-bot';
import { LOCAL_OUTBOUND_TOKEN } from '../helpers/auth/local-credentials';
import { mintAlgNone, mintBadSignature, mintChannelToken, mintHs256 } from '../helpers/auth/token-minter';
import { ConnectorStandIn } from '../helpers/connector-stand-in';

/** R1.2–R1.5 and T1/T3/T4/T5 against the real adapter with validation ON (teams-facts.md). */
let a: AuthBot;
let forged: ConnectorStandIn;
beforeAll(async () => {
  // The SDK console.errors every rejected token; the status codes and our own log are what we assert.
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  a = await startAuthBot();
  forged = await startForgedConnector();
});
afterAll(async () => {
  await forged?.stop();
  await a?.stop();
  jest.restoreAllMocks();
});
beforeEach(() => {
  a.t.emulator.stats.reset();
  a.t.connector.calls.length = 0;
  forged.calls.length = 0;
});

/** "No handler ran": the command would have listed jobs (ARM) and replied (connector). */
function expectNoHandlerRan(): void {
  expect(a.t.emulator.stats.snapshot().total).toBe(0);
  expect(a.t.connector.calls).toHaveLength(0);
}

/**
 * 401, no handler, and rejected for the stated reason (our warn log): a token refused for some
 * other cause, e.g. a misconfigured issuer that rejects everything, must not pass as this case.
 */
async function expectRejected(token: string, reason: RegExp, body: unknown = a.message('list')): Promise<void> {
  const before = a.logLines.length;
  const r = await a.postWith(body, `Bearer ${token}`);
  expect(r.status).toBe(401);
  expectNoHandlerRan();
  const reasons = a.logLines.slice(before).map((l) => String((JSON.parse(l) as { reason?: unknown }).reason ?? ''));
  expect(reasons.join(' | ')).toMatch(reason);
}

describe('positive control', () => {
  it('a valid channel token → 200 and the reply reaches the connector with the local bearer token', async () => {
    const r = await a.postWith(a.message('list', { conversationId: 'a:auth-conv' }), `Bearer ${a.validToken()}`);
    expect(r.status).toBe(200);
    expect(a.t.emulator.stats.snapshot().counts.jobsList).toBe(1);
    const replies = a.t.connector.posts().filter((c) => /^\/v3\/conversations\/a%3Aauth-conv\/activities\//.test(c.path));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.headers.authorization).toBe(`Bearer ${LOCAL_OUTBOUND_TOKEN}`);
  });
});

describe('T1 / R1.2: missing or malformed Authorization', () => {
  it('T1: app id configured, no Authorization header → 401 and no handler ran', async () => {
    const r = await a.postWith(a.message('list'));
    expect(r.status).toBe(401);
    expectNoHandlerRan();
  });

  it.each([
    ['an empty bearer', 'Bearer '],
    ['a non-JWT bearer', 'Bearer not-a-jwt'],
    ['a Basic scheme', `Basic ${Buffer.from(`${APP_ID}:${APP_PASSWORD}`).toString('base64')}`],
  ])('R1.2: %s → 401 and no handler ran', async (_name, header) => {
    const r = await a.postWith(a.message('list'), header);
    expect(r.status).toBe(401);
    expectNoHandlerRan();
  });
});

describe('T3: signatures and algorithms', () => {
  it('T3: token signed by an unknown key (unknown kid) → 401', async () => {
    await expectRejected(mintChannelToken(a.openId.strangerKey, a.claims()), /Signing Key could not be retrieved/);
  });

  it('T3: known kid with a bad signature → 401 (not 500)', async () => {
    await expectRejected(mintBadSignature(a.openId.key, a.claims()), /invalid signature/);
  });

  it('T3: alg:none → 401 (not 500)', async () => {
    await expectRejected(mintAlgNone(a.openId.key.kid, a.claims()), /signature is required|invalid algorithm/);
  });

  it('T3: HS256 with the known kid → 401 (not 500)', async () => {
    await expectRejected(mintHs256(a.openId.key.kid, a.claims()), /invalid algorithm/);
  });
});

describe('T4 / R1.3: claims', () => {
  it('T4: wrong aud → 401', async () => {
    await expectRejected(a.validToken({ aud: 'some-other-bot' }), /Invalid AppId/);
  });

  it('T4: wrong issuer → 401', async () => {
    await expectRejected(a.validToken({ iss: 'https://evil.example.com' }), /No valid identity/);
  });

  it('T4 / R1.3: an "emulator"-style sts.windows.net issuer (which skips the aud check) → 401', async () => {
    // The SDK's emulator path accepts any tenant in `tid` and ignores aud: only validateClaims stops it.
    const token = a.validToken({
      iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
      aud: 'https://api.botframework.com',
      extra: { tid: 'd6d49420-f39b-4df7-a1dc-d59a935871db', ver: '1.0', appid: APP_ID },
    });
    // The claims hook (R1.3) must be what refused it, not an incidental signature failure.
    await expectRejected(token, /token issuer is not the Bot Framework channel/);
  });

  it('T4: expired (beyond the 5-minute clock tolerance) → 401', async () => {
    await expectRejected(a.validToken({ expiresIn: -3600, notBeforeIn: -7200 }), /expired/);
  });

  it('T4: not yet valid (nbf an hour ahead) → 401', async () => {
    await expectRejected(a.validToken({ notBeforeIn: 3600, expiresIn: 7200 }), /not active/);
  });
});

describe('T5: serviceUrl binding', () => {
  it('T5: serviceurl claim ≠ activity.serviceUrl → 401 and no outbound call to the forged URL', async () => {
    // The token is genuine for the real connector; the attacker swaps the activity's serviceUrl.
    await expectRejected(a.validToken(), /ServiceUrl claim do not match/, a.message('list', { serviceUrl: forged.url }));
    expect(forged.calls).toHaveLength(0);
  });
});

describe('R1.5: secrets never reach the log', () => {
  it('R1.5: Authorization, BOT_PASSWORD and the storage AccountKey never appear in debug logs', async () => {
    const token = a.validToken();
    const ok = await a.postWith(a.message('show no-such-job-xyz'), `Bearer ${token}`);
    expect(ok.status).toBe(200);
    const bad = await a.postWith(a.message('list'), `Bearer ${mintBadSignature(a.openId.key, a.claims())}`);
    expect(bad.status).toBe(401);
    const accountKey = /AccountKey=([^;]+)/.exec(a.t.config.storageConnectionString ?? '')?.[1];
    expect(accountKey).toBeTruthy();
    expect(a.logLines.length).toBeGreaterThan(0);
    const log = a.logLines.join('\n');
    // The token's signature part alone is enough to replay it, so check that too.
    for (const secret of [token, token.split('.')[2]!, APP_PASSWORD, accountKey!, LOCAL_OUTBOUND_TOKEN]) {
      expect(log).not.toContain(secret);
    }
  });
});
