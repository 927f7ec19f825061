// The analyzer's HTTP application as a fastify plugin: security headers and error handling
// first, then the routes. Only server.ts listens; tests register this and call inject().
import helmet from '@fastify/helmet'
import type { FastifyError, FastifyPluginAsync } from 'fastify'
import type { Registry } from 'prom-client'
import type { AlertStore } from '../alerts/store.js'
import type { Pipeline } from '../pipeline/pipeline.js'
import { ingestRoutes } from '../sources/http/index.js'
import type { StoreClient } from '../store/client.js'
import { requireBearer } from './auth.js'
import { dashboardRoutes } from './dashboard.js'
import { ApiError } from './errors.js'
import { alertsRoutes } from './routes/alerts.js'
import { endpointsRoutes } from './routes/endpoints.js'
import { healthRoutes } from './routes/health.js'
import { metricsRoutes } from './routes/metrics.js'
import { trafficRoutes } from './routes/traffic.js'

export interface AppOptions {
  client: StoreClient
  alerts: AlertStore
  pipeline: Pipeline
  registry: Registry
  adminToken: string
  ingestToken: string
  maxBodyBytes: number
  dashboardDir: string
  version: string
}

export const app: FastifyPluginAsync<AppOptions> = async (fastify, opts) => {
  await fastify.register(helmet, {
    contentSecurityPolicy: {
      // Served over plain HTTP on a local port by default: upgrading requests would break it.
      directives: { upgradeInsecureRequests: null },
    },
  })

  fastify.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    if (err instanceof ApiError) {
      return reply.code(err.statusCode).send({ error: err.code, message: err.message })
    }
    const status = err.statusCode ?? 500
    if (status >= 500) {
      request.log.error({ err }, 'Request failed with an unexpected error.')
      return reply.code(500).send({ error: 'internal_error', message: 'internal error' })
    }
    const code = err.validation
      ? 'bad_request'
      : status === 413
        ? 'payload_too_large'
        : status === 415
          ? 'unsupported_media_type'
          : 'bad_request'
    return reply.code(status).send({ error: code, message: err.message })
  })

  await fastify.register(healthRoutes, { prefix: '/api/v1', client: opts.client, version: opts.version })
  await fastify.register(ingestRoutes, {
    prefix: '/api/v1',
    pipeline: opts.pipeline,
    ingestToken: opts.ingestToken,
    maxBodyBytes: opts.maxBodyBytes,
  })
  // Everything else under /api/v1 needs the admin token; the hook covers routes added here later.
  await fastify.register(
    async (api) => {
      api.addHook('onRequest', requireBearer(opts.adminToken))
      await api.register(endpointsRoutes, { client: opts.client })
      await api.register(trafficRoutes, { client: opts.client })
      await api.register(alertsRoutes, { alerts: opts.alerts })
    },
    { prefix: '/api/v1' },
  )
  await fastify.register(metricsRoutes, { registry: opts.registry })
  await fastify.register(dashboardRoutes, { dir: opts.dashboardDir })
}
