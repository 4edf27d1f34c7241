// HTTP only: the Bot Framework endpoint, a health check, the signed stakeholder-email download and the job trigger.
// Before restify: it silences the one deprecation warning restify's loading causes (src/restifyQuiet.ts).
import { restoreWarnings } from './restifyQuiet';
import restify from 'restify';
import type { Logger } from './log';
import { activityProblem } from './teams/activity';

restoreWarnings();

export interface HttpHandlers {
  /** POST /api/messages: hands the request to the adapter. */
  messages(req: restify.Request, res: restify.Response): Promise<void>;
  health(): Promise<{ ok: boolean; detail: Record<string, unknown> }>;
  /** GET /email/:token — the .eml file, or undefined when the link is invalid or expired. */
  email?(token: string): Promise<{ filename: string; body: string } | undefined>;
  /** POST /jobs/:name with `Authorization: Bearer <JOBS_SECRET>`. */
  job?(name: string, authorization: string | undefined): Promise<{ status: number; body: unknown }>;
}

/** Teams activities are small; a larger body is refused before it is parsed. */
export const MAX_BODY_BYTES = 512 * 1024;

export function createServer(handlers: HttpHandlers, log: Logger): restify.Server {
  // Signed email tokens are ~150 characters; restify's router refuses path parameters over 100 by default.
  const server = restify.createServer({ name: 'partner-fit', handleUncaughtExceptions: false, maxParamLength: 1000 } as restify.ServerOptions);
  server.use(restify.plugins.queryParser());
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, requestBodyOnGet: false }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const problem = activityProblem(req.body);
    if (problem) {
      log.warn({ route: '/api/messages', reason: 'malformed activity' }, 'request refused');
      res.send(400, { error: problem });
      return;
    }
    try {
      await handlers.messages(req, res);
    } catch (err) {
      log.error({ err }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this activity.' });
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const health = await handlers.health();
    res.send(health.ok ? 200 : 503, health);
  });

  server.get('/email/:token', async (req: restify.Request, res: restify.Response) => {
    const file = handlers.email ? await handlers.email(String(req.params.token ?? '')) : undefined;
    if (!file) {
      res.send(404, { error: 'This email link is invalid or has expired. Ask the bot for the email card again.' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'message/rfc822',
      'Content-Disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'no-store',
    });
    res.end(file.body);
  });

  server.post('/jobs/:name', async (req: restify.Request, res: restify.Response) => {
    if (!handlers.job) {
      res.send(404, { error: 'Jobs are not enabled.' });
      return;
    }
    const result = await handlers.job(String(req.params.name ?? ''), req.headers.authorization);
    res.send(result.status, result.body);
  });

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, next: () => void) => {
    // Oversized or malformed bodies: a clear 4xx, logged without the body.
    // The route, not the path: an email link's path carries its signed token.
    log.warn({ status: err.statusCode, route: req.getRoute()?.path ?? 'unknown', reason: err.name }, 'request refused');
    next();
  });
  return server;
}
