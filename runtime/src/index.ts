export * from './registry-file.ts';
export * from './settings.ts';
export * from './logger.ts';
export * from './influx.ts';
export * from './influxd-config.ts';
export * from './settings-fragments.ts';
export * from './config-file.ts';
