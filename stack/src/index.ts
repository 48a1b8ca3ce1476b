export * from './mqtt-auth.ts';
export * from './embedded-broker.ts';
