import Fastify, { type FastifyInstance } from 'fastify';
import type { IngestMetrics } from './metrics.ts';

export interface Health {
  healthy: boolean;
  mqtt_connected: boolean;
  influx_reachable: boolean;
  spool_lines: number;
  spool_bytes: number;
  spool_backpressure: boolean;
  last_write_ok: string | null;
  last_write_error: { at: string; message: string } | null;
}

/** GET /metrics (Prometheus text) and GET /health (200 when healthy, 503 otherwise). */
export class HttpServer {
  private app: FastifyInstance | undefined;
  port = 0;

  constructor(
    private readonly metrics: IngestMetrics,
    private readonly health: () => Promise<Health>,
    private readonly host: string,
    private readonly requestedPort: number,
  ) {}

  async start(): Promise<void> {
    const app = Fastify({ logger: false });
    app.get('/metrics', async (_request, reply) => {
      reply.header('content-type', this.metrics.registry.contentType);
      return this.metrics.text();
    });
    app.get('/health', async (_request, reply) => {
      const health = await this.health();
      reply.code(health.healthy ? 200 : 503);
      return health;
    });
    await app.listen({ host: this.host, port: this.requestedPort });
    const address = app.server.address();
    this.port = typeof address === 'object' && address ? address.port : this.requestedPort;
    this.app = app;
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }
}
