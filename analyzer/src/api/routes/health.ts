// GET /api/v1/health: no auth; says whether the store answers and how many events it holds.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Health } from '@gatewatch/schema'
import { countEvents } from '../../inventory/endpoints.js'
import type { StoreClient } from '../../store/client.js'

export const healthRoutes: FastifyPluginAsyncTypebox<{ client: StoreClient; version: string }> = async (
  app,
  { client, version },
) => {
  app.get('/health', { schema: { response: { 200: Health } } }, async (request) => {
    try {
      return {
        status: 'ok' as const,
        clickhouse: 'up' as const,
        events_stored: await countEvents(client),
        version,
      }
    } catch (err) {
      request.log.warn({ err }, 'Health check could not reach ClickHouse.')
      return { status: 'degraded' as const, clickhouse: 'down' as const, events_stored: 0, version }
    }
  })
}
