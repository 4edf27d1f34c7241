// A local stand-in for the Bot Framework's OpenID metadata and signing keys, so token checks run offline: it
// publishes one RSA key (endorsed for msteams) and signs tokens the way the Bot Framework Connector does.
import { createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface OpenIdStandIn {
  /** The OpenID metadata URL (BotOpenIdMetadata). */
  metadataUrl: string;
  /** Requests for the metadata and for the keys so far. */
  fetches: number;
  /** A token signed with the published key; `claims` override the defaults, `header` the JWT header. */
  token(claims?: Record<string, unknown>, header?: Record<string, unknown>): string;
  /** The same claims signed with a key that is not published, under the published key's id. */
  forged(claims?: Record<string, unknown>): string;
  /** An HS256 token whose secret is the published public key (the algorithm-confusion attack). */
  hs256WithPublicKey(claims?: Record<string, unknown>): string;
  /** An unsigned token (`alg: none`). */
  unsigned(claims?: Record<string, unknown>): string;
  stop(): Promise<void>;
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export async function startOpenIdStandIn(defaults: { appId: string; serviceUrl: string }): Promise<OpenIdStandIn> {
  const kid = `test-key-${randomUUID()}`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  let fetches = 0;
  const server = http.createServer((req, res) => {
    fetches += 1;
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/keys') {
      res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const claimsOf = (claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: BOT_FRAMEWORK_ISSUER, aud: defaults.appId, serviceurl: defaults.serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
  };
  const rs256 = (key: KeyObject, claims: Record<string, unknown>, header: Record<string, unknown> = {}) => {
    const signingInput = `${b64({ alg: 'RS256', typ: 'JWT', kid, ...header })}.${b64(claimsOf(claims))}`;
    return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), key).toString('base64url')}`;
  };
  const standIn: OpenIdStandIn = {
    metadataUrl: `http://127.0.0.1:${port}/.well-known/openidconfiguration`,
    get fetches() {
      return fetches;
    },
    token: (claims = {}, header = {}) => rs256(privateKey, claims, header),
    forged: (claims = {}) => rs256(other, claims),
    hs256WithPublicKey: (claims = {}) => {
      const signingInput = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(claimsOf(claims))}`;
      const secret = publicKey.export({ format: 'pem', type: 'spki' });
      return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
    },
    unsigned: (claims = {}) => `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claimsOf(claims))}.`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return standIn;
}
