// Learned route templates and imported specs, the admin's levers on templating:
//   GET  /api/v1/templates                 learned templates
//   POST /api/v1/templates/:id/approve     keep it as is
//   POST /api/v1/templates/:id/rename      {name}: the placeholder's name (`{product_slug}`)
//   POST /api/v1/templates/:id/split       {values}: children that stay names (`/files/public`)
//   PUT  /api/v1/specs/:service            an OpenAPI 3 / Swagger 2 document, JSON or YAML
//   GET  /api/v1/audit                     every change above, newest first
// Every change is written to audit_log before it is answered.
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AuditList, LearnedTemplate, SpecImport, TemplateList } from '@gatewatch/schema'
import Type from 'typebox'
import { type Inventory, TemplateChangeError } from '../../inventory/inventory.js'
import { SpecError } from '../../inventory/spec.js'
import { listAudit } from '../../inventory/store.js'
import { type LearnedTemplate as Learned, learnedPath } from '../../inventory/templater.js'
import type { StoreClient } from '../../store/client.js'
import { errors } from '../errors.js'

/** Who made a change: the API has one role that may change things, the admin token. */
const ACTOR = 'admin'
const MAX_SPEC_BYTES = 5 * 1024 * 1024

const view = (t: Learned): LearnedTemplate => ({ ...t, template: learnedPath(t) })
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

export const templatesRoutes: FastifyPluginAsyncTypebox<{
  client: StoreClient
  inventory: Inventory
}> = async (app, { client, inventory }) => {
  async function changed(run: () => Promise<Learned>) {
    try {
      return view(await run())
    } catch (err) {
      if (err instanceof TemplateChangeError)
        throw /^no learned template/.test(err.message)
          ? errors.notFound(err.message)
          : errors.badRequest(err.message)
      throw err
    }
  }

  app.get('/templates', { schema: { response: { 200: TemplateList } } }, async () => ({
    templates: inventory.templater.learned().map(view),
  }))
  app.post(
    '/templates/:id/approve',
    { schema: { params: Id, response: { 200: LearnedTemplate } } },
    async (request) => changed(() => inventory.approve(request.params.id, ACTOR)),
  )
  app.post(
    '/templates/:id/rename',
    {
      schema: {
        params: Id,
        body: Type.Object(
          { name: Type.String({ maxLength: 64, description: 'New placeholder name, e.g. product_slug.' }) },
          { additionalProperties: false },
        ),
        response: { 200: LearnedTemplate },
      },
    },
    async (request) => changed(() => inventory.rename(request.params.id, request.body.name, ACTOR)),
  )
  app.post(
    '/templates/:id/split',
    {
      schema: {
        params: Id,
        body: Type.Object(
          {
            values: Type.Array(Type.String({ maxLength: 256 }), {
              minItems: 1,
              maxItems: 1000,
              description: 'Children of the prefix that are names, not values.',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: LearnedTemplate },
      },
    },
    async (request) => changed(() => inventory.split(request.params.id, request.body.values, ACTOR)),
  )

  // The spec arrives as it is written (YAML or JSON), so it is read as text whatever its type.
  app.register(async (scope) => {
    const specs = scope.withTypeProvider<TypeBoxTypeProvider>()
    specs.removeAllContentTypeParsers()
    specs.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_SPEC_BYTES }, (_req, body, done) =>
      done(null, body),
    )
    specs.put(
      '/specs/:service',
      {
        schema: {
          params: Type.Object({ service: Type.String({ minLength: 1, maxLength: 256 }) }),
          response: { 200: SpecImport },
        },
      },
      async (request) => {
        if (typeof request.body !== 'string' || request.body.trim() === '')
          throw errors.badRequest('send the OpenAPI document (JSON or YAML) as the request body')
        try {
          const spec = await inventory.importSpec(request.params.service, request.body, ACTOR)
          return {
            service: spec.service,
            title: spec.title,
            version: spec.version,
            operations: spec.operations.length,
            deprecated: spec.operations.filter((o) => o.deprecated).length,
          }
        } catch (err) {
          if (err instanceof SpecError) throw errors.badRequest(err.message)
          throw err
        }
      },
    )
  })

  app.get(
    '/audit',
    {
      schema: {
        querystring: Type.Object(
          {
            target: Type.Optional(
              Type.String({ maxLength: 300, description: 'Only changes to this target.' }),
            ),
            limit: Type.Integer({
              minimum: 1,
              maximum: 1000,
              default: 100,
              description: 'Newest entries first.',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: AuditList },
      },
    },
    async (request) => ({ entries: await listAudit(client, request.query) }),
  )
}
