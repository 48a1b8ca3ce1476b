export * from './mqttAuth.ts';
export * from './embeddedBroker.ts';
