import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Content types worth compressing: text (HTML, CSS, CSV, the metrics exposition), JSON, JavaScript, XML and SVG.
 * PDF and XLSX are compressed formats already; event streams must not be buffered.
 */
export const COMPRESSIBLE = /^text\/(?!event-stream)|[/+](?:json|javascript|ecmascript|xml)(?:;|$)|^image\/svg\+xml/u;

/**
 * Brotli or gzip, as the request's Accept-Encoding prefers, for every route registered after this plugin: the web
 * app's files (@fastify/static streams them through the compressor) and the API's answers, CSV exports included.
 * Bodies under 1 KiB go as they are. socket.io attaches to the HTTP server itself and is never touched. Request
 * bodies are not decompressed (the API takes small JSON bodies only).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    threshold: 1024,
    globalDecompression: false,
  });
}
