export * from './engine.ts';
export * from './rules.ts';
