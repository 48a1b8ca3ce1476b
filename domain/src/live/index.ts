export * from './figure.ts';
export * from './fields.ts';
export * from './assets.ts';
export * from './integrate.ts';
export * from './kpis.ts';
export * from './reserve.ts';
export * from './stuck.ts';
export * from './site.ts';
