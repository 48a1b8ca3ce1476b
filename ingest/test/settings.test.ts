import { describe, expect, it } from 'vitest';
import { DEFAULT_TELEMETRY_LIMITS } from '@ems/domain';
import { ingestClientId, readIngestSettings } from '../src/settings.ts';

describe('ingest settings defaults', () => {
  it('serves /metrics and /health on 127.0.0.1 unless told otherwise', () => {
    expect(readIngestSettings({}).INGEST_HTTP_HOST).toBe('127.0.0.1');
    expect(readIngestSettings({ INGEST_HTTP_HOST: '0.0.0.0' }).INGEST_HTTP_HOST).toBe('0.0.0.0');
  });

  it('connects with its account as client id (brokers bind ids to accounts)', () => {
    expect(ingestClientId(readIngestSettings({}))).toBe('ems-ingest');
    expect(ingestClientId(readIngestSettings({ MQTT_USERNAME: 'ems-ingest-2' }))).toBe('ems-ingest-2');
    expect(ingestClientId(readIngestSettings({ MQTT_USERNAME: 'a', MQTT_CLIENT_ID: 'b' }))).toBe('b');
  });

  it('waits for full InfluxDB batches a bounded time, checked at start-up', () => {
    expect(readIngestSettings({}).WRITE_BATCH_WAIT_MS).toBe(300);
    expect(readIngestSettings({ WRITE_BATCH_WAIT_MS: '0' }).WRITE_BATCH_WAIT_MS).toBe(0);
    expect(() => readIngestSettings({ WRITE_BATCH_WAIT_MS: '-1' })).toThrow(/WRITE_BATCH_WAIT_MS/);
    expect(() => readIngestSettings({ WRITE_BATCH_WAIT_MS: '60000' })).toThrow(/WRITE_BATCH_WAIT_MS/);
    expect(() => readIngestSettings({ WRITE_BATCH_WAIT_MS: 'soon' })).toThrow(/WRITE_BATCH_WAIT_MS/);
  });

  it("takes the contract's payload limit", () => {
    expect(readIngestSettings({}).INGEST_MAX_PAYLOAD_BYTES).toBe(DEFAULT_TELEMETRY_LIMITS.max_payload_bytes);
  });
});
