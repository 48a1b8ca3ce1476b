export * from './types.ts';
export * from './buckets.ts';
export * from './compute.ts';
