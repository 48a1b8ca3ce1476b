import type { FastifyInstance } from 'fastify';
import alarms from './alarms/index.ts';
import assetTypes from './asset-types/index.ts';
import auth from './auth/index.ts';
import health from './health/index.ts';
import kpis from './kpis/index.ts';
import metrics from './metrics/index.ts';
import reports from './reports/index.ts';
import reserves from './reserves/index.ts';
import sites from './sites/index.ts';

/** REST routes under /api (DESIGN §5), plus /metrics. Each folder is one resource; the prefix is /api. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  for (const plugin of [health, auth, sites, assetTypes, kpis, reports, reserves, alarms])
    await app.register(plugin, { prefix: '/api' });
  await app.register(metrics);
}
