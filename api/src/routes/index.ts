import type { FastifyInstance } from 'fastify';
import alarms from './alarms/index.ts';
import auth from './auth/index.ts';
import health from './health/index.ts';
import kpis from './kpis/index.ts';
import metrics from './metrics/index.ts';
import reports from './reports/index.ts';
import reserves from './reserves/index.ts';
import sites from './sites/index.ts';

/** REST routes under /api (DESIGN §5), plus /metrics. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  for (const plugin of [health, auth, sites, reserves, alarms]) await app.register(plugin, { prefix: '/api' });
  // The analytics routes (kpis, reports) are registered under /api too; a route path written with its own /api
  // prefix is accepted as well, so both conventions give /api/sites/:site/kpis and /api/reports/monthly.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      if (route.url.startsWith('/api/api/')) {
        route.url = route.url.slice('/api'.length);
        route.path = route.url;
      }
    });
    for (const plugin of [kpis, reports]) await scope.register(plugin, { prefix: '/api' });
  });
  await app.register(metrics);
}
