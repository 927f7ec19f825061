// The API's published OpenAPI documents, one per service, as its authors would write them from the
// catalogue: every route documented, the retired v1 orders route marked deprecated (a call to it
// is a zombie in use), the shadow export route absent (a call to it is a shadow endpoint). The
// detection benchmark imports them so the analyzer knows what is documented.
import { PLACEHOLDERS, ROUTES, SERVICES } from '../catalogue.js'
import { RETIRED_ROUTES } from './inventory.js'

interface Operation {
  method: string
  template: string
  okStatus: number
  deprecated: boolean
}

function parameters(template: string) {
  return [...template.matchAll(/\{([a-z_]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: PLACEHOLDERS[name!]?.kind === 'numeric' ? { type: 'integer' } : { type: 'string' },
  }))
}

/** OpenAPI 3.0 documents by service name. */
export function catalogueSpecs(): Record<string, object> {
  const byService = new Map<string, Operation[]>()
  const add = (service: string, op: Operation) =>
    byService.set(service, [...(byService.get(service) ?? []), op])
  for (const r of ROUTES)
    add(r.service, { method: r.method, template: r.template, okStatus: r.okStatus, deprecated: false })
  for (const r of RETIRED_ROUTES)
    add(r.service, { method: r.method, template: r.template, okStatus: 200, deprecated: true })
  const specs: Record<string, object> = {}
  for (const service of SERVICES) {
    const paths: Record<string, Record<string, object>> = {}
    for (const op of byService.get(service.name) ?? []) {
      paths[op.template] ??= {}
      paths[op.template]![op.method.toLowerCase()] = {
        operationId: `${op.method.toLowerCase()}${op.template.replace(/[^a-zA-Z0-9]+/g, '_')}`,
        ...(op.deprecated ? { deprecated: true } : {}),
        parameters: parameters(op.template),
        responses: { [String(op.okStatus)]: { description: 'Success.' } },
      }
    }
    specs[service.name] = {
      openapi: '3.0.3',
      info: { title: `${service.name} API`, version: '2026.11' },
      servers: [{ url: `https://${service.host}` }],
      paths,
    }
  }
  return specs
}
