// GET /api/v1/endpoints: the endpoint inventory, sorted and filtered by validated query params.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EndpointList } from '@gatewatch/schema'
import Type from 'typebox'
import { ENDPOINT_SORTS, listEndpoints } from '../../inventory/endpoints.js'
import type { StoreClient } from '../../store/client.js'

export const EndpointsQuery = Type.Object(
  {
    sort: Type.Union(
      ENDPOINT_SORTS.map((s) => Type.Literal(s)),
      { default: 'requests', description: 'Column to sort by.' },
    ),
    order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
      default: 'desc',
      description: 'Sort direction.',
    }),
    service: Type.Optional(Type.String({ maxLength: 256, description: 'Only this service.' })),
    limit: Type.Integer({
      minimum: 1,
      maximum: 10_000,
      default: 500,
      description: 'At most this many endpoints.',
    }),
  },
  { additionalProperties: false },
)

export const endpointsRoutes: FastifyPluginAsyncTypebox<{ client: StoreClient }> = async (
  app,
  { client },
) => {
  app.get(
    '/endpoints',
    { schema: { querystring: EndpointsQuery, response: { 200: EndpointList } } },
    async (request) => listEndpoints(client, request.query),
  )
}
