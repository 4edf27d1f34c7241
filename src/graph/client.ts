// Microsoft Graph over plain fetch (README "Reaching people"): the bot needs five calls (a user, their manager, a
// user by address, install the app for a user, the chat it opened), so a client library would add more than it
// saves. Tokens come from @azure/identity, which the storage already uses. No retries here: a 429 or 5xx is
// returned as such, and the outbox retries the ping with its own backoff; a directory lookup falls back to storage.
import type { TokenCredential } from '@azure/identity';
import { ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';

export type GraphResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; code?: string; message: string };

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (GRAPH_BASE_URL). */
  baseUrl: string;
  /** An app-only access token for Graph. */
  token: () => Promise<string>;
  /** Per request (default 10 s): a hung Graph never holds a ping or a click for long. */
  timeoutMs?: number;
}

export class GraphClient {
  constructor(private readonly o: GraphClientOptions) {}

  get baseUrl(): string {
    return this.o.baseUrl;
  }

  get<T>(path: string): Promise<GraphResult<T>> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<GraphResult<T>> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<GraphResult<T>> {
    let res: Response;
    try {
      res = await fetch(`${this.o.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await this.o.token()}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
    } catch (err) {
      return { ok: false, status: 0, message: `Graph did not answer: ${(err as Error).message}` };
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (res.ok) return { ok: true, status: res.status, body: parsed as T };
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    return { ok: false, status: res.status, ...(error?.code ? { code: error.code } : {}), message: error?.message ?? `HTTP ${res.status}` };
  }
}

/** Quotes a value inside an OData string literal. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * An app-only token as the bot itself: its managed identity (MicrosoftAppType=UserAssignedMSI) or its app id and
 * secret, in the organisation's tenant. Graph grants it the application permissions an admin consented to.
 */
export function graphCredential(env: { MicrosoftAppType: string; MicrosoftAppId: string; MicrosoftAppPassword: string; MicrosoftAppTenantId: string }): TokenCredential {
  if (env.MicrosoftAppType === 'UserAssignedMSI') return new ManagedIdentityCredential({ clientId: env.MicrosoftAppId });
  return new ClientSecretCredential(env.MicrosoftAppTenantId, env.MicrosoftAppId, env.MicrosoftAppPassword);
}

/** Tokens for Graph's own scope (`<origin>/.default`), refreshed by the credential as they expire. */
export function graphToken(credential: TokenCredential, baseUrl: string): () => Promise<string> {
  const scope = `${new URL(baseUrl).origin}/.default`;
  return async () => {
    const token = await credential.getToken(scope);
    if (!token) throw new Error('No token for Microsoft Graph');
    return token.token;
  };
}
