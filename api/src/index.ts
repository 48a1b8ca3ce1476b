export { buildApp, type BuildAppOptions } from './app.ts';
export { ApiSettingsSchema, readApiSettings, type ApiSettings } from './settings.ts';
