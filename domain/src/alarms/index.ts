export * from './engine.ts';
export * from './rules.ts';
export * from './schemas.ts';
