import type { RegistryIndex } from '@ems/domain';
import type { InfluxClient } from '@ems/runtime';
import type { AnalyticsService } from './analytics/index.ts';
import type { AlarmService } from './alarms/service.ts';
import type { AuthService } from './plugins/app/auth.ts';
import type { Access, Principal } from './auth/access.ts';
import type { LiveModel } from './live/model.ts';
import type { ReserveHistory } from './live/reserve-history.ts';
import type { ApiMetrics } from './plugins/app/metrics.ts';
import type { ApiSettings } from './settings.ts';

declare module 'fastify' {
  interface FastifyInstance {
    settings: ApiSettings;
    registry: RegistryIndex;
    influx: InfluxClient;
    liveModel: LiveModel;
    alarms: AlarmService;
    auth: AuthService;
    analytics: AnalyticsService;
    metrics: ApiMetrics;
    /** Reads the last hour of reserve samples at start (absent when the app does not connect). */
    reserveHistory?: ReserveHistory;
    /** Connection states for /api/health. */
    connections: { mqtt: () => 'up' | 'down' | 'disabled'; influx: () => 'up' | 'down' | 'disabled' };
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** What the route needs: 'public' or a scope (read, operate, metrics). Required on every route. */
    access?: Access;
  }
}
