import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { isDashboardRoute } from './dashboard-routes.js';

/** The Vite build of `frontend/`, seen from `dist/src/dashboard/` where the server runs. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../../frontend/dist/', import.meta.url));

/**
 * Serves the built dashboard at `/`. The routes sit on Fastify itself, outside Nest's
 * global auth guard: the files hold no data (the page asks for a token and calls the API with
 * it). Any other GET outside the API paths answers `index.html` so the browser router can
 * handle deep links. Returns false (and logs) when the dashboard has not been built.
 */
export async function registerDashboard(fastify: FastifyInstance, root: string = DASHBOARD_DIR): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) {
    new Logger('Dashboard').warn(`no dashboard build in ${root}; run "npm run build:dashboard" to serve it`);
    return false;
  }
  await fastify.register(fastifyStatic, {
    root,
    // One route per built file, registered at start, so unknown paths reach the fallback below.
    wildcard: false,
    // The build wrote .br and .gz beside the assets (scripts/build-dashboard.mjs).
    preCompressed: true,
    setHeaders: (reply, filePath) => {
      // Vite puts a content hash in every asset name, so those never change; index.html must be re-read.
      const immutable = filePath.startsWith(join(root, 'assets'));
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  fastify.get('/*', (request, reply) => {
    if (!isDashboardRoute(request.url)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return true;
}
