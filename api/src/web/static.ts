import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.ts';
import { withAccess } from '../plugins/app/auth.ts';

const MISSING_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>EMS</title>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto">
<h1>The web app is not built</h1>
<p>Build it with <code>npm run build -w web</code> (or <code>npm start</code>, which builds it), or point
<code>WEB_DIST</code> at a built copy. The API is running: see <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/** Serves the built SPA from WEB_DIST with index.html for every non-API path; API 404s stay JSON. */
export async function registerWeb(app: FastifyInstance, webDist: string): Promise<void> {
  const root = resolve(webDist);
  const hasDist = existsSync(join(root, 'index.html'));
  if (hasDist) {
    await withAccess(app, 'public', async (scope) => {
      await scope.register(fastifyStatic, { root, prefix: '/', index: ['index.html'], schemaHide: true });
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
    return reply.type('text/html; charset=utf-8').send(await readFile(join(root, 'index.html')));
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
