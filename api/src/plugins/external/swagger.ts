import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { withAccess } from '../app/auth.ts';

export const OPENAPI_INFO = {
  title: 'Heat & solar EMS API',
  version: '1.0.0',
  description:
    'Live state, KPIs, resilience reserves, history, alarms and reports of district-heating plants, storage tanks, ' +
    'boilers, CHP, batteries and PV. Every route except /api/health and /api/auth/sign-in needs a session cookie ' +
    '(POST /api/auth/sign-in) or an API token (Authorization: Bearer …) with the scope the route names: read ' +
    '(viewer and up), operate (operator and up), metrics (admin, or a metrics token). Live updates: socket.io at ' +
    '/socket.io (events snapshot, state, kpi, reserve, alarm, session_ended, heartbeat; their payloads are the components SnapshotEvent, AssetLive, SiteKpis, SiteReserve, Alarm, SessionEndedEvent and HeartbeatEvent of this document).',
};

/** OpenAPI 3 document from the route schemas, browsable at /api/docs, raw at /api/openapi.json. */
export async function registerSwagger(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: OPENAPI_INFO,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ems_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await withAccess(app, 'read', async (scope) => {
    await scope.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'read' } }, async () => app.swagger());
}
