import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.ts';
import { withAccess } from '../plugins/app/auth.ts';

const MISSING_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>EMS</title>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto">
<h1>The web app is not built</h1>
<p>Build it with <code>npm run build -w web</code> (or <code>npm start</code>, which builds it), or point
<code>WEB_DIST</code> at a built copy. The API is running: see <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/** Cache-Control of index.html and the SPA fallback: the browser checks with the server before each use. */
export const PAGE_CACHE_CONTROL = 'no-cache';
/** Cache-Control of Vite's content-hashed files: a new build gives them new names. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Vite's output under assets/: `name-<hash>.ext` (the hash is 8 or more letters, digits, `_` or `-`). */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/u;

/**
 * The Cache-Control of a file of the web app, by its path under WEB_DIST: hashed assets are cached for a year and
 * never revalidated, index.html is revalidated every time (so a new build is seen at once); other files (none in
 * Vite's default output) keep @fastify/static's `public, max-age=0`.
 */
export function cacheControlFor(pathInDist: string): string | undefined {
  const p = pathInDist.split(sep).join('/');
  if (HASHED_ASSET.test(p)) return IMMUTABLE_CACHE_CONTROL;
  if (p === 'index.html' || p.endsWith('/index.html')) return PAGE_CACHE_CONTROL;
  return undefined;
}

/**
 * Serves the built SPA from WEB_DIST with index.html for every non-API path; API 404s stay JSON. Hashed assets are
 * immutable, the page is `no-cache` (cacheControlFor); both go compressed when the browser accepts it.
 */
export async function registerWeb(app: FastifyInstance, webDist: string): Promise<void> {
  const root = resolve(webDist);
  const hasDist = existsSync(join(root, 'index.html'));
  if (hasDist) {
    await withAccess(app, 'public', async (scope) => {
      await scope.register(fastifyStatic, {
        root,
        prefix: '/',
        index: ['index.html'],
        schemaHide: true,
        setHeaders: (reply, path) => {
          const cc = cacheControlFor(relative(root, path));
          if (cc) void reply.header('cache-control', cc);
        },
      });
    });
  } else {
    app.get('/', { schema: { hide: true }, config: { access: 'public' } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(MISSING_PAGE),
    );
  }
  app.setNotFoundHandler(async (req, reply) => {
    const path = decodedPath(req.url);
    if (path === '/api' || path.startsWith('/api/') || path === '/metrics' || path.startsWith('/socket.io'))
      throw notFound(`There is no ${req.method} ${path} in this API; see /api/docs.`);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw notFound(`There is no ${req.method} ${path}.`);
    if (!hasDist) return reply.code(404).type('text/html; charset=utf-8').send(MISSING_PAGE);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', PAGE_CACHE_CONTROL)
      .send(await readFile(join(root, 'index.html')));
  });
}

/** The path of a request URL, percent-decoded where possible, shortened for messages. */
function decodedPath(url: string): string {
  const raw = url.split('?')[0] ?? '';
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // not valid percent-encoding: keep it as sent
  }
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
