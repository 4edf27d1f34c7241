// Structured JSON logs (pino), one line per event, with a correlation id per turn and per outbox delivery.
// Evidence text and secrets are never logged: call sites log ids and kinds, not content, and as a safety net
// every logged object is scrubbed at any depth (keys that carry user text or secrets become "[redacted]",
// bearer tokens, signatures and email-link tokens inside strings are masked), and errors are reduced to name,
// code, status, message and stack (an HTTP error's request holds the bearer token).
import { randomUUID } from 'node:crypto';
import pino from 'pino';

export type Logger = pino.Logger;

export const REDACTED = '[redacted]';

/**
 * Keys whose values are never logged, compared case-insensitively at any depth. User text: evidence and its
 * summary and link, reset attempts, comments, rationales, action texts, message text, card submit values
 * and attachments. Secrets: passwords, tokens, keys, signatures, connection strings, auth headers.
 */
export const SENSITIVE_KEYS: readonly string[] = [
  'evidence',
  'summary',
  'link',
  'text',
  'agreed',
  'comment',
  'rationale',
  'value',
  'attachments',
  'body',
  'eml',
  'mailto',
  'password',
  'MicrosoftAppPassword',
  'secret',
  'EMAIL_LINK_SECRET',
  'token',
  'accessToken',
  'sig',
  'signature',
  'authorization',
  'cookie',
  'connectionString',
  'STORAGE_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'accountKey',
  'sharedKey',
];

const sensitive = new Set(SENSITIVE_KEYS.map((k) => k.toLowerCase()));

/** pino's own (path-based) redaction for the usual shapes; `scrub` below covers any depth. */
const REDACT_PATHS = SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`]);

/**
 * Secrets that hide inside strings, whatever the key: a bearer token, a signature or key in a query string,
 * and the signed token of an email download link (`/email/<token>`, which anyone holding it can open).
 */
const SECRET_IN_TEXT: readonly [RegExp, string][] = [
  [/\b(Bearer|SharedKey|SharedKeyLite|Basic)\s+[^\s,;"']+/gi, `$1 ${REDACTED}`],
  [/([?&](?:sig|signature|token|code|key|AccountKey)=)[^&\s"']+/gi, `$1${REDACTED}`],
  [/(AccountKey=|SharedAccessSignature=|InstrumentationKey=)[^;\s"']+/gi, `$1${REDACTED}`],
  [/(\/email\/)[^/?#\s"']+/g, `$1${REDACTED}`],
];

/** `text` with any secret-looking part masked (see SECRET_IN_TEXT). */
export function maskSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_IN_TEXT) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 6;
const MAX_ITEMS = 50;
const MAX_MESSAGE = 500;

export interface SerializedError {
  type: string;
  message: string;
  code?: string | number;
  statusCode?: number;
  stack?: string;
  cause?: SerializedError;
}

/**
 * An error as a log field: name, message, code, HTTP status and stack only. Never its other properties: a
 * botbuilder or Azure SDK RestError carries the request (with its Authorization header) and the response body.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & { code?: unknown; statusCode?: unknown; status?: unknown };
  const out: SerializedError = { type: e.name || e.constructor?.name || 'Error', message: maskSecrets(String(e.message ?? '').slice(0, MAX_MESSAGE)) };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined;
  if (status !== undefined) out.statusCode = status;
  if (e.stack) out.stack = maskSecrets(e.stack);
  if (e.cause instanceof Error && depth < 3) out.cause = serializeError(e.cause, depth + 1) as SerializedError;
  return out;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A copy of `value` with every sensitive key redacted and secrets in strings masked, at any depth; never mutates. */
export function scrub(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value);
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) {
    seen.add(value);
    const items = value.slice(0, MAX_ITEMS).map((v) => scrub(v, depth + 1, seen));
    if (value.length > MAX_ITEMS) items.push(`[${value.length - MAX_ITEMS} more]`);
    return items;
  }
  // Dates, Buffers, URLs and other class instances serialize themselves (toJSON) and hold no keys to check.
  if (!isPlainObject(value)) return value;
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = sensitive.has(key.toLowerCase()) && v !== undefined ? REDACTED : scrub(v, depth + 1, seen);
  }
  return out;
}

/** Receives every JSON line after it is written (already scrubbed); telemetry.ts forwards them to Application Insights. */
export type LogSink = (line: string) => void;
let sink: LogSink | undefined;

/** Installs (or, with undefined, removes) the one process-wide sink that every logger also writes to. */
export function setLogSink(next: LogSink | undefined): void {
  sink = next;
}

function teeToSink(out: pino.DestinationStream): pino.DestinationStream {
  return {
    write(line: string) {
      out.write(line);
      if (sink) {
        try {
          sink(line);
        } catch {
          // A failing telemetry sink must never break logging (or the turn that logs).
        }
      }
    },
  };
}

export interface LoggerOptions {
  level?: string;
  /** Where the JSON lines go (default stdout); tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

export function createLogger(levelOrOptions: string | LoggerOptions = {}): Logger {
  const options = typeof levelOrOptions === 'string' ? { level: levelOrOptions } : levelOrOptions;
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const config: pino.LoggerOptions = {
    level,
    base: { app: 'partner-fit' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // Level names ("info"), as Application Insights and people read them, rather than numbers.
      level: (label) => ({ level: label }),
      log: (obj) => scrub(obj) as Record<string, unknown>,
    },
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
  };
  return pino(config, teeToSink(options.destination ?? pino.destination()));
}

/** A silent logger for tests that do not look at logs. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** The parts of a Bot Framework activity a turn logger reads (structural, so this module needs no botbuilder). */
export interface ActivityLike {
  id?: string;
  type?: string;
  name?: string;
  channelId?: string;
  from?: { aadObjectId?: string };
  conversation?: { id?: string; conversationType?: string; tenantId?: string };
}

const generatedIds = new WeakMap<object, string>();

/**
 * The turn's correlation id: the activity id Teams gave it, else one generated once per activity object, so
 * every call during the same turn (handlers, onTurnError) gets the same id.
 */
export function correlationIdOf(activity: ActivityLike): string {
  if (activity.id) return activity.id;
  let id = generatedIds.get(activity);
  if (!id) {
    id = randomUUID();
    generatedIds.set(activity, id);
  }
  return id;
}

/**
 * A child logger for one turn: every line carries `correlationId` (the activity id) and where the turn came
 * from (type, conversation, tenant, the sender's AAD object id). Never the activity's text or value.
 */
export function turnLogger(log: Logger, activity: ActivityLike): Logger {
  const bindings: Record<string, string> = { correlationId: correlationIdOf(activity) };
  if (activity.type) bindings.activityType = activity.type;
  if (activity.name) bindings.activityName = activity.name;
  if (activity.conversation?.id) bindings.conversationId = activity.conversation.id;
  if (activity.conversation?.conversationType) bindings.conversationType = activity.conversation.conversationType;
  if (activity.conversation?.tenantId) bindings.tenantId = activity.conversation.tenantId;
  if (activity.from?.aadObjectId) bindings.userId = activity.from.aadObjectId;
  return log.child(bindings);
}

/** A child logger for one outbox delivery: every line carries the outbox id as its correlation id. */
export function deliveryLogger(log: Logger, outboxId: string): Logger {
  return log.child({ correlationId: outboxId, outboxId });
}

export type LogLevel = 'info' | 'warn' | 'error';

/**
 * The dispatcher's log callback (DispatcherOptions.log) on a pino logger: each line goes through a
 * per-delivery child logger keyed by its outbox id, at the level the dispatcher gives (default info).
 */
export function outboxLog(log: Logger): (msg: string, fields: Record<string, unknown>, level?: LogLevel) => void {
  return (msg, fields, level = 'info') => {
    const { outboxId, ...rest } = fields;
    const target = typeof outboxId === 'string' ? deliveryLogger(log, outboxId) : log;
    target[level](rest, msg);
  };
}
