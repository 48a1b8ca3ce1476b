export * from './schema.ts';
export * from './parse.ts';
export * from './lookup.ts';
export * from './located-yaml.ts';
