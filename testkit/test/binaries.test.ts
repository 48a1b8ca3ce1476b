import { describe, expect, it } from 'vitest';
import { findBinary, INFLUXDB_INSTALL, MOSQUITTO_INSTALL } from '../src/index.ts';

describe('findBinary', () => {
  it('names the apt-get command (and .ci/run) when a binary is missing', () => {
    expect(() => findBinary('definitely-not-here-xyz', 'apt-get install -y foo')).toThrow(
      /`definitely-not-here-xyz`.*apt-get install -y foo.*\.ci\/run/s,
    );
  });

  it('finds the real services, also in /usr/sbin when PATH lacks it', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(findBinary('mosquitto', MOSQUITTO_INSTALL)).toMatch(/\/mosquitto$/);
      expect(findBinary('influxd', INFLUXDB_INSTALL)).toMatch(/\/influxd$/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('the install hints are the Debian packages', () => {
    expect(MOSQUITTO_INSTALL).toBe('apt-get install -y mosquitto');
    expect(INFLUXDB_INSTALL).toBe('apt-get install -y influxdb');
  });
});
