export * from './types.ts';
export * from './counters.ts';
export * from './compute.ts';
