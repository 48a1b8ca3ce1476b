export * from './topics.ts';
export * from './metrics.ts';
export * from './telemetry.ts';
export * from './state.ts';
export * from './derive.ts';
export * from './storage.ts';
