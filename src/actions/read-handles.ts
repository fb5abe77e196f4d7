import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { pooledRandomBytes } from '../shared/random-pool';
import { channelIdOf } from '../shared/turn';

/**
 * Read-only card buttons (Show, Summary, Refresh, More, list rows) carry their facts in the card instead of a stored
 * record, so drawing them costs no storage write. A read handle is
 *
 *   `r1.` base64url(blob) `.` base64url(HMAC-SHA256(macKey, "jobops-read-handle/r1" ‖ 0 ‖ conversation ‖ 0 ‖ blob))
 *
 * where blob is `p` ‖ payload JSON for a job button (kind, workspace, job and expiry: what the card shows anyway), or
 * `e` ‖ iv ‖ AES-256-CTR(payload JSON) for a list's More button, whose query and ARM continuation link (subscription,
 * resource group, a `mine` filter's identity) chat members must not read from card data. The MAC binds the payload to
 * the conversation the card was made for (a channel's id without its thread part, as `sameConversation` matches), and
 * nothing in the card says which conversation that is. Encrypt-then-MAC: the MAC is checked before anything is read.
 *
 * Keys come from config (HANDLE_SIGNING_KEY, validated with the rest); HANDLE_SIGNING_KEY_PREVIOUS is also accepted
 * while it is configured, so instances can be rotated one by one. Removing it ends the rotation window: handles
 * made with the old key are then refused as out of date.
 */
export const READ_HANDLE = /^r1\.[A-Za-z0-9_-]{24,6000}\.[A-Za-z0-9_-]{43}$/;

const MAC_CONTEXT = Buffer.from('jobops-read-handle/r1\0', 'utf8');
const CLEAR = Buffer.from('p');
const ENCRYPTED = Buffer.from('e');

const SEP = Buffer.from([0]);

interface KeyPair {
  mac: Buffer;
  enc: Buffer;
}

function derive(secret: Buffer): KeyPair {
  const salt = Buffer.from('jobops-read-handles', 'utf8');
  return {
    mac: Buffer.from(hkdfSync('sha256', secret, salt, 'mac', 32)),
    enc: Buffer.from(hkdfSync('sha256', secret, salt, 'enc', 32)),
  };
}

/** What the MAC binds a handle to: channel threads share their channel's binding (see sameConversation). */
export function bindingOf(conversationId: string): string {
  return conversationId.startsWith('19:') ? channelIdOf(conversationId) : conversationId;
}

/** A handle whose MAC holds; whether it has expired is the caller's check (after the kind check, as for stored ones). */
export type OpenResult<P> = { ok: true; payload: P; expiresAt: Date } | { ok: false };

export interface SigningKeys {
  current: Buffer;
  previous?: Buffer;
}

export class ReadHandleSigner {
  private readonly keys: KeyPair[];

  constructor(keys: SigningKeys) {
    this.keys = [derive(keys.current), ...(keys.previous ? [derive(keys.previous)] : [])];
  }

  /**
   * Seals `payload` (any JSON) for `conversationId` until `expiresAt`. Synchronous and storage-free. `secret`: encrypt
   * it too (a job button's facts are on the card already; sealing a list's ten rows in clear saves ten ciphers).
   */
  seal(conversationId: string, payload: unknown, expiresAt: Date, secret = true): string {
    const k = this.keys[0]!;
    const plain = Buffer.from(JSON.stringify({ x: expiresAt.getTime(), p: payload }), 'utf8');
    let blob: Buffer;
    if (secret) {
      const iv = pooledRandomBytes(16);
      const cipher = createCipheriv('aes-256-ctr', k.enc, iv);
      blob = Buffer.concat([ENCRYPTED, iv, cipher.update(plain), cipher.final()]);
    } else {
      blob = Buffer.concat([CLEAR, plain]);
    }
    return `r1.${blob.toString('base64url')}.${this.mac(k, conversationId, blob).toString('base64url')}`;
  }

  /**
   * The payload and its expiry, if `token` was sealed by one of the configured keys for this conversation. Every
   * failure (format, MAC, other conversation, retired key) is the same refusal: the caller cannot and need not
   * tell them apart.
   */
  open<P = unknown>(token: string, conversationId: string): OpenResult<P> {
    if (!READ_HANDLE.test(token)) return { ok: false };
    const [, b64, macB64] = token.split('.') as [string, string, string];
    const blob = Buffer.from(b64, 'base64url');
    const given = Buffer.from(macB64, 'base64url');
    if (blob.length < 2 || given.length !== 32) return { ok: false };
    // Every key is tried, whichever matches, so the time taken does not say which key (or none) it was.
    let match: KeyPair | undefined;
    for (const k of this.keys) {
      if (timingSafeEqual(this.mac(k, conversationId, blob), given) && !match) match = k;
    }
    if (!match) return { ok: false };
    let opened: { x?: unknown; p?: unknown };
    try {
      let plain: Buffer;
      if (blob[0] === CLEAR[0]) plain = blob.subarray(1);
      else if (blob[0] === ENCRYPTED[0] && blob.length > 17) {
        const decipher = createDecipheriv('aes-256-ctr', match.enc, blob.subarray(1, 17));
        plain = Buffer.concat([decipher.update(blob.subarray(17)), decipher.final()]);
      } else return { ok: false };
      opened = JSON.parse(plain.toString('utf8')) as { x?: unknown; p?: unknown };
    } catch {
      return { ok: false };
    }
    if (typeof opened.x !== 'number' || opened.p === undefined) return { ok: false };
    return { ok: true, payload: opened.p as P, expiresAt: new Date(opened.x) };
  }

  private mac(k: KeyPair, conversationId: string, blob: Buffer): Buffer {
    return createHmac('sha256', k.mac).update(MAC_CONTEXT).update(bindingOf(conversationId), 'utf8').update(SEP).update(blob).digest();
  }
}

/** A key for one process only: local mode without HANDLE_SIGNING_KEY (buttons then stop working after a restart). */
export function randomSigningKey(): Buffer {
  return randomBytes(32);
}
