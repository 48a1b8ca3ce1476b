export * from './common.ts';
export * from './socket.ts';
export * from './asset-types.ts';
