// A stand-in for Microsoft Graph on 127.0.0.1: the calls partner-fit makes (src/graph/), answered the way Graph v1.0
// does, with the bearer token checked and every request recorded.
//   GET  /v1.0/users/{id}?$select=…                                       a user (404 Request_ResourceNotFound)
//   GET  /v1.0/users/{id}/manager?$select=id                              their manager (404 when none)
//   GET  /v1.0/users?$filter=mail eq '…' or userPrincipalName eq '…'      { value: [user] }
//   POST /v1.0/users/{id}/teamwork/installedApps                          201; 409 when installed; 404 unknown app
//   GET  /v1.0/users/{id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '…'   { value: [{ id }] }
//   GET  /v1.0/users/{id}/teamwork/installedApps/{installationId}/chat   { id: <chat id> }
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphUserRecord {
  id: string;
  displayName: string;
  mail: string;
  userPrincipalName?: string;
  department?: string;
  managerId?: string;
}

export interface GraphRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export interface FakeGraph {
  /** GRAPH_BASE_URL for the bot: `http://127.0.0.1:<port>/v1.0`. */
  readonly baseUrl: string;
  /** The token the bot must send (give the bot `async () => graph.token`). */
  readonly token: string;
  readonly requests: readonly GraphRequest[];
  /** Who has the app installed (user ids), through this stand-in. */
  readonly installed: ReadonlySet<string>;
  addUsers(...users: GraphUserRecord[]): void;
  /** Answer the next matching requests with this status (e.g. 503 while Graph is down). */
  failNext(status: number, match: (req: { method: string; path: string }) => boolean, times?: number): void;
  stop(): Promise<void>;
}

export interface StartGraphOptions {
  /** The app's id in the organisation's catalog (TEAMS_APP_CATALOG_ID). */
  catalogAppId: string;
  users?: GraphUserRecord[];
  /** The 1:1 chat Teams opens when the app is installed for a user (the channel stand-in's personal conversation). */
  chatIdFor: (userId: string) => string;
  /** Called when the app is installed for a user (mark them installed in the channel stand-in's roster). */
  onInstall?: (userId: string) => void;
}

function notFound(what: string): { status: number; body: unknown } {
  return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: `Resource '${what}' does not exist.` } } };
}

export async function startGraph(options: StartGraphOptions): Promise<FakeGraph> {
  const token = 'graph-stand-in-token';
  const users = new Map<string, GraphUserRecord>((options.users ?? []).map((u) => [u.id, u]));
  const installed = new Set<string>();
  const requests: GraphRequest[] = [];
  let faults: { status: number; match: (req: { method: string; path: string }) => boolean; left: number }[] = [];

  const userView = (u: GraphUserRecord) => ({ id: u.id, displayName: u.displayName, mail: u.mail, userPrincipalName: u.userPrincipalName ?? u.mail, department: u.department ?? null });

  const answer = (method: string, path: string, query: Record<string, string>, body: unknown): { status: number; body?: unknown } => {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'v1.0' || parts[1] !== 'users') return { status: 404, body: { error: { code: 'BadRequest', message: `The stand-in does not implement ${method} ${path}` } } };
    if (parts.length === 2 && method === 'GET') {
      const address = /'([^']*)'/.exec(query.$filter ?? '')?.[1]?.toLowerCase();
      const found = [...users.values()].filter((u) => u.mail.toLowerCase() === address || (u.userPrincipalName ?? u.mail).toLowerCase() === address);
      return { status: 200, body: { value: found.map(userView) } };
    }
    const user = users.get(parts[2] ?? '');
    if (!user) return notFound(parts[2] ?? '');
    if (parts.length === 3 && method === 'GET') return { status: 200, body: userView(user) };
    if (parts.length === 4 && parts[3] === 'manager' && method === 'GET') {
      const manager = user.managerId ? users.get(user.managerId) : undefined;
      return manager ? { status: 200, body: { id: manager.id } } : notFound('manager');
    }
    if (parts[3] === 'teamwork' && parts[4] === 'installedApps') {
      const installationId = `inst-${user.id}`;
      if (parts.length === 5 && method === 'POST') {
        const bind = String((body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'] ?? '');
        if (!bind.endsWith(`/appCatalogs/teamsApps/${options.catalogAppId}`)) return notFound(bind);
        if (installed.has(user.id)) return { status: 409, body: { error: { code: 'Conflict', message: 'App is already installed.' } } };
        installed.add(user.id);
        options.onInstall?.(user.id);
        return { status: 201 };
      }
      if (parts.length === 5 && method === 'GET') {
        const wants = /'([^']*)'/.exec(query.$filter ?? '')?.[1];
        return { status: 200, body: { value: installed.has(user.id) && wants === options.catalogAppId ? [{ id: installationId }] : [] } };
      }
      if (parts.length === 7 && parts[5] === installationId && parts[6] === 'chat' && method === 'GET') {
        return installed.has(user.id) ? { status: 200, body: { id: options.chatIdFor(user.id) } } : notFound(installationId);
      }
    }
    return { status: 404, body: { error: { code: 'BadRequest', message: `The stand-in does not implement ${method} ${path}` } } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const query: Record<string, string> = {};
      url.searchParams.forEach((v, k) => (query[k] = v));
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text ? JSON.parse(text) : undefined;
      let result: { status: number; body?: unknown };
      const fault = faults.find((f) => f.left > 0 && f.match({ method, path: url.pathname }));
      if (req.headers.authorization !== `Bearer ${token}`) result = { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } } };
      else if (fault) {
        fault.left -= 1;
        faults = faults.filter((f) => f.left > 0);
        result = { status: fault.status, body: { error: { code: 'ServiceUnavailable', message: 'Try again later.' } } };
      } else result = answer(method, url.pathname, query, body);
      requests.push({ method, path: url.pathname, query, body, status: result.status });
      const out = result.body === undefined ? '' : JSON.stringify(result.body);
      res.writeHead(result.status, out ? { 'content-type': 'application/json' } : {});
      res.end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1.0`,
    token,
    requests,
    installed,
    addUsers(...more) {
      for (const u of more) users.set(u.id, u);
    },
    failNext(status, match, times = 1) {
      faults.push({ status, match, left: times });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
