/** Entry point: `tsx api/src/main.ts` (npm run api). Reads settings, registry and users once; stops cleanly. */
import { resolve } from 'node:path';
import { createLogger, loadRegistry, registryPath } from '@ems/runtime';
import { buildApp } from './app.ts';
import { loadUsers } from './auth/users.ts';
import { readApiSettings } from './settings.ts';

const bootLog = createLogger('api');
try {
  const settings = readApiSettings();
  const registry = loadRegistry(registryPath());
  const users = loadUsers(resolve(settings.EMS_USERS));
  const app = await buildApp({ settings, registry, users });
  // The last line of defence: a rejection nothing handled is logged and counted, and the process keeps serving.
  process.on('unhandledRejection', (reason) => {
    app.metrics.unexpectedErrors.inc({ kind: 'unhandled_rejection' });
    app.log.error({ err: reason }, 'unhandled promise rejection (a bug: please report it)');
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await app.listen({ port: settings.PORT, host: settings.HOST });
} catch (err) {
  bootLog.fatal((err as Error).message);
  process.exit(1);
}
