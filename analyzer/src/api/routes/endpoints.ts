// GET /api/v1/endpoints (the inventory: filters, sort, paging) and GET /api/v1/endpoints/:id
// (one endpoint with its traffic per bucket).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EndpointDetail, EndpointList, SpecStatus } from '@gatewatch/schema'
import Type from 'typebox'
import {
  ENDPOINT_SORTS,
  EndpointNotFoundError,
  endpointDetail,
  listEndpoints,
} from '../../inventory/endpoints.js'
import type { Templater } from '../../inventory/templater.js'
import type { StoreClient } from '../../store/client.js'
import { errors } from '../errors.js'

const Time = (description: string) => Type.Optional(Type.Integer({ minimum: 0, description }))

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
    method: Type.Optional(Type.String({ maxLength: 16, description: 'Only this HTTP method.' })),
    spec_status: Type.Optional(SpecStatus),
    q: Type.Optional(Type.String({ maxLength: 256, description: 'Route contains this text (any case).' })),
    unauthenticated: Type.Optional(
      Type.Boolean({ description: 'Only endpoints that answered requests without a credential.' }),
    ),
    from: Time('Start of the event-time range, ms since the epoch (inclusive).'),
    to: Time('End of the event-time range, ms since the epoch (exclusive).'),
    limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 500, description: 'Page size.' }),
    offset: Type.Integer({ minimum: 0, default: 0, description: 'Endpoints to skip.' }),
  },
  { additionalProperties: false },
)

export const EndpointDetailQuery = Type.Object(
  {
    bucket_ms: Type.Integer({
      minimum: 60_000,
      default: 3_600_000,
      description: 'Width of a series bucket, ms (whole minutes).',
    }),
    from: Time('Start of the series, ms since the epoch (inclusive).'),
    to: Time('End of the series, ms since the epoch (exclusive).'),
  },
  { additionalProperties: false },
)

export const endpointsRoutes: FastifyPluginAsyncTypebox<{
  client: StoreClient
  templater: Templater
}> = async (app, { client, templater }) => {
  app.get(
    '/endpoints',
    { schema: { querystring: EndpointsQuery, response: { 200: EndpointList } } },
    async (request) => listEndpoints(client, templater, request.query),
  )
  app.get(
    '/endpoints/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 4096 }) }),
        querystring: EndpointDetailQuery,
        response: { 200: EndpointDetail },
      },
    },
    async (request) => {
      if (request.query.bucket_ms % 60_000 !== 0) throw errors.badRequest('bucket_ms must be whole minutes')
      try {
        return await endpointDetail(client, templater, request.params.id, request.query)
      } catch (err) {
        if (err instanceof EndpointNotFoundError) throw errors.notFound(err.message)
        throw err
      }
    },
  )
}
