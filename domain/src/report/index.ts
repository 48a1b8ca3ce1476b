export * from './numbers.ts';
export * from './names.ts';
export * from './figures.ts';
