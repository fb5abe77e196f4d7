import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { CHANNEL_ISSUER, SigningKey } from './openid-server';

export interface ChannelClaims {
  aud: string;
  serviceurl: string;
  iss?: string;
  /** Seconds relative to now; negative = in the past. */
  expiresIn?: number;
  notBeforeIn?: number;
  extra?: Record<string, unknown>;
}

function payload(c: ChannelClaims): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  // No ver/appid claims: with them the SDK treats the token as a skill token (teams-facts.md).
  return { iss: c.iss ?? CHANNEL_ISSUER, aud: c.aud, serviceurl: c.serviceurl, nbf: now + (c.notBeforeIn ?? -60), exp: now + (c.expiresIn ?? 600), ...c.extra };
}

/** A channel token as the Bot Framework would sign it: RS256 with the given key's kid. */
export function mintChannelToken(key: SigningKey, c: ChannelClaims): string {
  return jwt.sign(payload(c), key.privateKey, { algorithm: 'RS256', keyid: key.kid, noTimestamp: true });
}

/** A known kid whose signature was made by another key: the header is right, the signature is not. */
export function mintBadSignature(key: SigningKey, c: ChannelClaims): string {
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return jwt.sign(payload(c), other, { algorithm: 'RS256', keyid: key.kid, noTimestamp: true });
}

/** `alg: none`: an unsigned token, built by hand because jsonwebtoken refuses to sign it. */
export function mintAlgNone(kid: string, c: ChannelClaims): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(payload(c))}.`;
}

/** HS256 keyed with a guessable secret, the classic algorithm-confusion attempt. */
export function mintHs256(kid: string, c: ChannelClaims): string {
  return jwt.sign(payload(c), 'not-a-real-secret', { algorithm: 'HS256', keyid: kid, noTimestamp: true });
}
