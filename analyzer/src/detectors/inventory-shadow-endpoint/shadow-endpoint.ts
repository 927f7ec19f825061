// inventory.shadow_endpoint: an endpoint that answers traffic although the imported spec does not
// list it (ctx.inventory.specStatus is 'shadow'). 404 and 405 answers are left out: they say there
// is no such endpoint, and probing for one is reconnaissance, not a shadow API; nor are the files
// every web server answers (robots.txt, /.well-known/*: config ignore_routes). An endpoint is
// reported once it has answered a 2xx: one that only ever refused (401, 403) or failed (5xx) is
// a path a prober found, not yet an API in use. Low severity; medium
// when the unlisted endpoint served a 2xx to a caller without credentials.
import type { DetectorInstance } from '../types.js'
import type { ShadowEndpointConfig } from './config.js'
import { createSpecStatusDetector, describeUse } from './spec-status.js'

export const SHADOW_ENDPOINT = 'inventory.shadow_endpoint'

export function createShadowEndpoint(config: ShadowEndpointConfig): DetectorInstance {
  const ignored = config.ignore_routes.map((pattern) => new RegExp(pattern, 'i'))
  return createSpecStatusDetector({
    status: 'shadow',
    type: SHADOW_ENDPOINT,
    owasp: 'API9:2023 Improper Inventory Management',
    maxEndpoints: config.max_endpoints,
    idleDays: config.idle_days,
    counts: (e) => e.status !== 404 && e.status !== 405 && !ignored.some((re) => re.test(e.route)),
    // Serving is what makes an API: paths a prober only ever got 401/403/5xx from are recon's evidence.
    reportable: (u) => u.ok > 0,
    severity: (u) => (u.unauthenticatedOk > 0 ? 'medium' : 'low'),
    summary: (endpoint, u) =>
      `${endpoint} is not in the imported spec, yet it served ${describeUse(u)}; expected none.`,
  })
}
