import { join } from 'node:path';

export interface InfluxdConfigOptions {
  dataDir: string;
  httpPort: number;
  rpcPort: number;
  httpHost?: string;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** How often continuous queries are checked (roll-ups); influxd's default is 1s. */
  cqRunInterval?: string;
}

/** An influxd 1.x configuration that keeps every file under dataDir and listens on loopback only. */
export function influxdConfig(o: InfluxdConfigOptions): string {
  const q = (s: string): string => JSON.stringify(s);
  const host = o.httpHost ?? '127.0.0.1';
  return `# written by @ems/runtime
reporting-disabled = true
bind-address = ${q(`127.0.0.1:${o.rpcPort}`)}

[meta]
  dir = ${q(join(o.dataDir, 'meta'))}
  retention-autocreate = true
  logging-enabled = false

[data]
  dir = ${q(join(o.dataDir, 'data'))}
  wal-dir = ${q(join(o.dataDir, 'wal'))}
  wal-fsync-delay = "0s"
  index-version = "inmem"
  query-log-enabled = false
  trace-logging-enabled = false

[coordinator]
  write-timeout = "10s"
  log-queries-after = "0s"

[retention]
  enabled = true
  check-interval = "30m0s"

[shard-precreation]
  enabled = true

[monitor]
  store-enabled = false

[subscriber]
  enabled = false

[http]
  enabled = true
  bind-address = ${q(`${host}:${o.httpPort}`)}
  auth-enabled = false
  log-enabled = false
  suppress-write-log = true
  write-tracing = false
  pprof-enabled = false
  https-enabled = false
  unix-socket-enabled = false
  max-row-limit = 0

[logging]
  format = "logfmt"
  level = ${q(o.logLevel ?? 'warn')}
  suppress-logo = true

[continuous_queries]
  enabled = true
  log-enabled = false
  run-interval = ${q(o.cqRunInterval ?? '1s')}
`;
}
