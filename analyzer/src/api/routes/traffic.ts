// GET /api/v1/traffic: requests and errors per event-time bucket.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { TrafficSeries } from '@gatewatch/schema'
import Type from 'typebox'
import { TrafficRangeError, trafficSeries } from '../../inventory/traffic.js'
import type { StoreClient } from '../../store/client.js'
import { errors } from '../errors.js'

export const TrafficQuery = Type.Object(
  {
    from: Type.Optional(Type.Integer({ minimum: 0, description: 'Start, ms since the epoch (event time).' })),
    to: Type.Optional(Type.Integer({ minimum: 0, description: 'End (exclusive), ms since the epoch.' })),
    bucket_ms: Type.Integer({ minimum: 1000, default: 60_000, description: 'Bucket width, ms.' }),
    service: Type.Optional(Type.String({ maxLength: 256, description: 'Only this service.' })),
  },
  { additionalProperties: false },
)

export const trafficRoutes: FastifyPluginAsyncTypebox<{ client: StoreClient }> = async (app, { client }) => {
  app.get(
    '/traffic',
    { schema: { querystring: TrafficQuery, response: { 200: TrafficSeries } } },
    async (request) => {
      try {
        return await trafficSeries(client, request.query)
      } catch (err) {
        if (err instanceof TrafficRangeError) throw errors.badRequest(err.message)
        throw err
      }
    },
  )
}
