// GET /api/v1/principals (credentials seen, sorted and paged) and GET /api/v1/principals/:id (a
// token's or user's profile with its hours of traffic).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PrincipalDetail, PrincipalList } from '@gatewatch/schema'
import Type from 'typebox'
import {
  listPrincipals,
  PRINCIPAL_SORTS,
  PrincipalNotFoundError,
  principalDetail,
} from '../../inventory/principals.js'
import type { StoreClient } from '../../store/client.js'
import { errors } from '../errors.js'

export const PrincipalsQuery = Type.Object(
  {
    sort: Type.Union(
      PRINCIPAL_SORTS.map((s) => Type.Literal(s)),
      { default: 'requests', description: 'Column to sort by.' },
    ),
    order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
      default: 'desc',
      description: 'Sort direction.',
    }),
    kind: Type.Optional(
      Type.Union(
        ['api_key', 'bearer', 'jwt', 'basic', 'cookie'].map((k) => Type.Literal(k)),
        { description: 'Only credentials of this kind.' },
      ),
    ),
    q: Type.Optional(
      Type.String({ maxLength: 256, description: 'Subject, client id or fingerprint starts with this.' }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Page size.' }),
    offset: Type.Integer({ minimum: 0, default: 0, description: 'Principals to skip.' }),
  },
  { additionalProperties: false },
)

export const principalsRoutes: FastifyPluginAsyncTypebox<{ client: StoreClient }> = async (
  app,
  { client },
) => {
  app.get(
    '/principals',
    { schema: { querystring: PrincipalsQuery, response: { 200: PrincipalList } } },
    async (request) => listPrincipals(client, request.query),
  )
  app.get(
    '/principals/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 200: PrincipalDetail },
      },
    },
    async (request) => {
      try {
        return await principalDetail(client, request.params.id)
      } catch (err) {
        if (err instanceof PrincipalNotFoundError) throw errors.notFound(err.message)
        throw err
      }
    },
  )
}
