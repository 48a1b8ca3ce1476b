export { startIngest } from './ingest.ts';
export type { IngestHandle, IngestOptions } from './ingest.ts';
export type { Health } from './http.ts';
export { IngestSettingsSchema, readIngestSettings } from './settings.ts';
export type { IngestSettings } from './settings.ts';
