export * from './registry-file.ts';
export * from './settings.ts';
export * from './logger.ts';
export * from './influx.ts';
export * from './influxd-config.ts';
