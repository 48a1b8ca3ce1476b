import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Gauges read when /metrics is scraped. */
export interface MetricsSources {
  spoolLines: () => number;
  spoolBytes: () => number;
  spoolFull: () => boolean;
  mqttConnected: () => boolean;
}

/**
 * A count kept as a plain number on the hot path (prom-client's inc() hashes labels and makes objects on each
 * call) and handed to its Prometheus counter when /metrics is read.
 */
export class HotCount {
  private n = 0;
  private handed = 0;
  inc(by = 1): void {
    this.n += by;
  }
  /** What was counted since the last take(). */
  take(): number {
    const d = this.n - this.handed;
    this.handed = this.n;
    return d;
  }
}

/** Prometheus metrics of one ingest instance, in its own registry (several instances may share a process). */
export class IngestMetrics {
  readonly registry = new Registry();
  readonly received: Counter<'kind'>;
  readonly samples: Counter;
  readonly written: Counter;
  readonly writeRequests: Counter;
  readonly writeLines: Histogram;
  readonly lateMarks: Counter;
  readonly rejected: Counter<'reason'>;
  readonly rejectedUnrecorded: Counter<'reason'>;
  readonly spoolRecovered: Counter<'kind'>;
  readonly writeErrors: Counter<'kind'>;
  readonly writeDuration: Histogram;
  readonly lastWriteOk: Gauge;
  readonly lastWriteError: Gauge<'message'>;
  readonly statePublished: Counter;
  readonly mqttConnects: Counter;
  /** Hot-path counts, added to `received` and `samples` when the metrics are read. */
  readonly receivedTelemetry = new HotCount();
  readonly receivedStatus = new HotCount();
  readonly receivedState = new HotCount();
  readonly samplesAccepted = new HotCount();

  constructor(sources: MetricsSources, defaultMetrics = true) {
    const registers = [this.registry];
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry });
    const hot = { telemetry: this.receivedTelemetry, status: this.receivedStatus, state: this.receivedState };
    this.received = new Counter({
      name: 'ingest_messages_received_total',
      help: 'MQTT messages received, by topic kind',
      labelNames: ['kind'],
      registers,
      collect() {
        for (const [kind, count] of Object.entries(hot)) {
          const n = count.take();
          if (n > 0) this.inc({ kind }, n);
        }
      },
    });
    const samples = this.samplesAccepted;
    this.samples = new Counter({
      name: 'ingest_samples_accepted_total',
      help: 'Valid telemetry samples appended to the spool',
      registers,
      collect() {
        const n = samples.take();
        if (n > 0) this.inc(n);
      },
    });
    this.written = new Counter({
      name: 'ingest_points_written_total',
      help: 'Line-protocol points InfluxDB accepted (samples, status, rejected records)',
      registers,
    });
    this.writeRequests = new Counter({
      name: 'ingest_write_requests_total',
      help: 'InfluxDB write requests sent (every attempt, retries and the halves of a refused batch included)',
      registers,
    });
    this.writeLines = new Histogram({
      name: 'ingest_write_lines',
      help: 'Lines per InfluxDB write InfluxDB accepted (WRITE_BATCH_LINES at most, plus late marks not counted)',
      buckets: [1, 10, 100, 500, 1_000, 2_000, 5_000, 10_000, 20_000],
      registers,
    });
    this.lateMarks = new Counter({
      name: 'ingest_late_marks_total',
      help: 'Hours marked for a roll-up again because samples reached them late (DESIGN §4)',
      registers,
    });
    this.rejected = new Counter({
      name: 'ingest_rejected_total',
      help: 'Rejected messages, samples and metrics, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.rejectedUnrecorded = new Counter({
      name: 'ingest_rejected_unrecorded_total',
      help: 'Rejections counted but not stored as dead letters (a sender over its dead-letter budget), by reason',
      labelNames: ['reason'],
      registers,
    });
    this.spoolRecovered = new Counter({
      name: 'ingest_spool_recoveries_total',
      help: 'Repairs when the spool was opened after a crash: torn tails cut (kept as dead letters), damaged cursors',
      labelNames: ['kind'],
      registers,
    });
    this.writeErrors = new Counter({
      name: 'ingest_write_errors_total',
      help: 'Failed InfluxDB writes, by kind (unreachable, timeout, server, rejected)',
      labelNames: ['kind'],
      registers,
    });
    this.writeDuration = new Histogram({
      name: 'ingest_write_duration_seconds',
      help: 'Duration of one InfluxDB batch write',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.lastWriteOk = new Gauge({
      name: 'ingest_last_write_ok_timestamp_seconds',
      help: 'When InfluxDB last accepted a batch',
      registers,
    });
    this.lastWriteError = new Gauge({
      name: 'ingest_last_write_error_timestamp_seconds',
      help: 'When the last InfluxDB write failed; the label holds its message',
      labelNames: ['message'],
      registers,
    });
    this.statePublished = new Counter({
      name: 'ingest_state_published_total',
      help: 'Retained state messages published',
      registers,
    });
    this.mqttConnects = new Counter({
      name: 'ingest_mqtt_connects_total',
      help: 'MQTT connections made: 1 plus every reconnect (another client taking our session shows here)',
      registers,
    });
    new Gauge({
      name: 'ingest_spool_lines',
      help: 'Lines in the spool not yet accepted by InfluxDB',
      registers,
      collect() {
        this.set(sources.spoolLines());
      },
    });
    new Gauge({
      name: 'ingest_spool_bytes',
      help: 'Bytes in the spool not yet accepted by InfluxDB',
      registers,
      collect() {
        this.set(sources.spoolBytes());
      },
    });
    new Gauge({
      name: 'ingest_spool_backpressure',
      help: '1 while the spool is over SPOOL_MAX_BYTES and acknowledgements are held back',
      registers,
      collect() {
        this.set(sources.spoolFull() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ingest_mqtt_connected',
      help: '1 while connected to the MQTT broker',
      registers,
      collect() {
        this.set(sources.mqttConnected() ? 1 : 0);
      },
    });
  }

  recordWriteError(kind: string, message: string, now = Date.now()): void {
    this.writeErrors.inc({ kind });
    this.lastWriteError.reset();
    this.lastWriteError.set({ message: message.slice(0, 200) }, now / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
