export * from './registryFile.ts';
export * from './settings.ts';
export * from './logger.ts';
export * from './influx.ts';
export * from './influxdConfig.ts';
