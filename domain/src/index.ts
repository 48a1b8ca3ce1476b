export * from './assets/index.ts';
export * from './calc/index.ts';
export * from './registry/index.ts';
export * from './contract/index.ts';
export * from './live/index.ts';
export * from './alarms/index.ts';
export * from './period/index.ts';
export * from './report/index.ts';
