// GET /metrics: Prometheus text exposition. Unauthenticated like most scrape targets; it holds
// counts only, never event content or tokens.
import type { FastifyPluginAsync } from 'fastify'
import type { Registry } from 'prom-client'

export const metricsRoutes: FastifyPluginAsync<{ registry: Registry }> = async (app, { registry }) => {
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType)
    return registry.metrics()
  })
}
