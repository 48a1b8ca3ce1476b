export * from './numbers.ts';
export * from './names.ts';
export * from './figures.ts';
export * from './dates.ts';
export * from './reserve.ts';
