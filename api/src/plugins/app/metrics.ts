import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';

/** Prometheus metrics of this API process (its own registry: several apps may share a process in tests). */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'ems_api_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'ems_api_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly liveClients = new Gauge({
    name: 'ems_api_live_clients',
    help: 'Connected socket.io clients',
    registers: [this.registry],
  });
  /** Rejections nothing handled: a bug to fix; the process logs them and keeps serving instead of exiting. */
  readonly unexpectedErrors = new Counter({
    name: 'ems_api_unexpected_errors_total',
    help: 'Unhandled promise rejections and failed event handlers (should stay 0)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly alarmTransitions = new Counter({
    name: 'ems_api_alarm_transitions_total',
    help: 'Alarm transitions by new state',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  constructor(mqttCounts: () => { state: number; status: number; refused: number; future: number }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ems_api_' });
    new Counter({
      name: 'ems_api_mqtt_messages_total',
      help: 'MQTT state and status messages taken in (kind=state|status), refused (refused), of which stamped more than 5 min ahead (future)',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        const c = mqttCounts();
        this.reset();
        this.inc({ kind: 'state' }, c.state);
        this.inc({ kind: 'status' }, c.status);
        this.inc({ kind: 'refused' }, c.refused);
        this.inc({ kind: 'future' }, c.future);
      },
    });
  }
}

export function registerMetrics(app: FastifyInstance, metrics: ApiMetrics): void {
  app.decorate('metrics', metrics);
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
}
