export * from './calc/index.ts';
export * from './registry/index.ts';
export * from './contract/index.ts';
