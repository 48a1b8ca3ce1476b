export * from './types.ts';
export * from './buckets.ts';
export * from './compute.ts';
export * from './fiscal.ts';
export * from './compare.ts';
export * from './sum.ts';
export * from './schemas.ts';
