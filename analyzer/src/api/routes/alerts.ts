// GET /api/v1/alerts (filtered, newest evidence first) and GET /api/v1/alerts/:id.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Alert, AlertList, Severity } from '@gatewatch/schema'
import Type from 'typebox'
import type { AlertStore } from '../../alerts/store.js'
import { ErrorBody } from '../errors.js'

export const AlertsQuery = Type.Object(
  {
    type: Type.Optional(
      Type.String({ maxLength: 64, description: 'Only this alert type, e.g. token.new_network.' }),
    ),
    severity: Type.Optional(Severity),
    subject: Type.Optional(
      Type.String({ maxLength: 512, description: 'Only alerts on this subject id or label.' }),
    ),
    status: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('resolved')], {
        description: 'Only open or resolved alerts.',
      }),
    ),
    from: Type.Optional(
      Type.Integer({
        description: 'Only alerts with evidence at or after this event time, ms since the epoch.',
      }),
    ),
    to: Type.Optional(
      Type.Integer({ description: 'Only alerts with evidence before this event time, ms since the epoch.' }),
    ),
    limit: Type.Integer({
      minimum: 1,
      maximum: 1000,
      default: 100,
      description: 'At most this many alerts.',
    }),
    offset: Type.Integer({ minimum: 0, default: 0, description: 'Skip this many alerts (paging).' }),
  },
  { additionalProperties: false },
)

export const alertsRoutes: FastifyPluginAsyncTypebox<{ alerts: AlertStore }> = async (app, { alerts }) => {
  app.get(
    '/alerts',
    { schema: { querystring: AlertsQuery, response: { 200: AlertList } } },
    async (request) => alerts.list(request.query),
  )
  app.get(
    '/alerts/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{24}$', description: 'Alert id.' }) }),
        response: { 200: Alert, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const alert = await alerts.get(request.params.id)
      if (!alert)
        return reply.code(404).send({ error: 'not_found', message: `no alert with id ${request.params.id}` })
      return alert
    },
  )
}
