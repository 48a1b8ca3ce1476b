import { RegistryError } from '@ems/domain';
import { SettingsError } from '@ems/runtime';
import { startIngest } from './ingest.ts';

/** `tsx ingest/src/main.ts [--registry <file>]`: runs until SIGINT/SIGTERM; bad configuration exits 1. */
async function main(): Promise<void> {
  let ingest;
  try {
    ingest = await startIngest({ onFatal: () => process.exit(1) });
  } catch (error) {
    // The message names the file, place and problem (settings, registry) or the failing step; no stack trace.
    const known = error instanceof SettingsError || error instanceof RegistryError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ingest: ${known ? '' : 'cannot start: '}${message}\n`);
    process.exit(1);
  }
  const shutdown = (signal: string): void => {
    process.stderr.write(`ingest: ${signal}, shutting down\n`);
    const hard = setTimeout(() => process.exit(1), ingest.settings.SHUTDOWN_FLUSH_MS + 15_000);
    hard.unref();
    void ingest.stop().then(() => {
      process.stderr.write(`ingest: stopped, ${ingest.spoolLines()} lines left in the spool\n`);
      process.exit(0);
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
