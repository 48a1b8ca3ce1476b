import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; LOG_LEVEL picks the level (default info). */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level });
}

/** Logs a repeated kind of event at most once per interval, counting what it held back. */
export class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  warn(kind: string, fields: Record<string, unknown>, message: string, now = Date.now()): void {
    const entry = this.last.get(kind);
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    this.log.warn({ kind, suppressed_since_last: entry?.suppressed ?? 0, ...fields }, message);
    this.last.set(kind, { at: now, suppressed: 0 });
  }
}
