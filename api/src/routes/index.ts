import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import alarms from './alarms/index.ts';
import assetTypes from './asset-types/index.ts';
import auth from './auth/index.ts';
import health from './health/index.ts';
import metrics from './metrics/index.ts';
import reports from './reports/index.ts';
import reserves from './reserves/index.ts';
import sites from './sites/index.ts';

/**
 * REST routes (DESIGN §5). One convention: a folder is one resource and its name is the URL prefix under /api
 * (routes/sites → /api/sites, routes inside declare only what follows); /metrics is the one route outside /api.
 */
const RESOURCES: Record<string, FastifyPluginAsync> = {
  health,
  auth,
  sites,
  'asset-types': assetTypes,
  reports,
  reserves,
  alarms,
};

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  for (const [folder, plugin] of Object.entries(RESOURCES)) await app.register(plugin, { prefix: `/api/${folder}` });
  await app.register(metrics, { prefix: '/metrics' });
}
