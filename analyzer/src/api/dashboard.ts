// Serves the built dashboard (a single-page app) at `/`, with every non-API path falling back to
// index.html so client-side routes survive a reload. Without a build, `/` says how to make one.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'

/** dashboard/dist in the repository this package lives in. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard/dist/', import.meta.url))

const isApiPath = (url: string) => url.startsWith('/api/') || url === '/api' || url.startsWith('/metrics')

export const dashboardRoutes: FastifyPluginAsync<{ dir: string }> = async (app, { dir }) => {
  const built = existsSync(join(dir, 'index.html'))
  if (built) {
    await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: true, index: ['index.html'] })
  } else {
    app.get('/', async (_request, reply) => {
      reply.type('text/plain; charset=utf-8')
      return 'Gatewatch analyzer is running, but the dashboard is not built. Run `pnpm --filter @gatewatch/dashboard build` and reload.\n'
    })
  }
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0]!
    if (built && (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(path)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html')
    }
    return reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${path}` })
  })
}
