// A logger whose JSON lines are kept in memory, parsed, for tests that read logs back.
import { createLogger } from '../../src/log';
import type { Logger } from '../../src/log';

export interface Captured {
  log: Logger;
  /** Every line written so far, parsed. */
  lines: Record<string, unknown>[];
  /** Every line written so far, as written (to search for leaked text). */
  raw: string[];
}

export function captureLogs(level = 'debug'): Captured {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level,
    destination: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return { log, lines, raw };
}
