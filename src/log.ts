// Structured JSON logs (pino). Evidence text and secrets are never logged: log ids and kinds, not content.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'partner-fit' },
    redact: { paths: ['*.MicrosoftAppPassword', '*.password', '*.secret', '*.token', '*.evidence', '*.summary', '*.text'], censor: '[redacted]' },
  });
}

/** A silent logger for tests that do not look at logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
