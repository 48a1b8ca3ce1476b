import type { InfluxClient } from '@ems/runtime';

/** Whether InfluxDB answers, checked every few seconds (GET /api/health). */
export class InfluxHealth {
  private timer: NodeJS.Timeout | undefined;
  private up: boolean | null = null;

  constructor(
    private readonly influx: InfluxClient,
    private readonly intervalMs = 5_000,
  ) {}

  /** null until the first answer. */
  isUp(): boolean | null {
    return this.up;
  }

  async start(): Promise<void> {
    await this.ping();
    this.timer = setInterval(() => void this.ping(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }

  private async ping(): Promise<void> {
    this.up = await this.influx.ping();
  }
}
