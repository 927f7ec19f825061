// Reconnaissance: an attacker maps the API by guessing paths, fast (a scanner's burst), slowly
// (a few guesses an hour, under any rate limit) or straight at files that must never be served.
import { ATTACKER_NETWORKS, PROXY_NETWORKS } from '../networks.js'
import { answered, attacker, attackerAgent, attackTimes, ipSubject, route, toPath } from './actors.js'
import type { ScenarioContext, ScenarioDefinition } from './types.js'

const MINUTE = 60_000

/** Paths an API scanner guesses: versions, admin and internal prefixes, common resource names. */
const PREFIXES = [
  '/v1',
  '/v2',
  '/v3',
  '/api',
  '/api/v1',
  '/internal',
  '/admin',
  '/beta',
  '/private',
  '/debug',
]
const RESOURCES = [
  'users',
  'accounts',
  'admin',
  'orders/export',
  'customers',
  'tokens',
  'keys',
  'config',
  'settings',
  'reports',
  'backup',
  'graphql',
  'swagger.json',
  'openapi.json',
  'metrics',
  'logs',
  'invoices/all',
  'payments/export',
  'roles',
  'permissions',
  'health/details',
  'status',
  'jobs',
  'webhooks',
  'sessions/all',
]

/** Files and consoles that leak secrets when a server exposes them. */
export const SENSITIVE_PATHS = [
  '/.env',
  '/.env.production',
  '/.git/config',
  '/.git/HEAD',
  '/.aws/credentials',
  '/.ssh/id_rsa',
  '/.DS_Store',
  '/.htpasswd',
  '/wp-login.php',
  '/wp-config.php.bak',
  '/phpinfo.php',
  '/phpmyadmin/',
  '/server-status',
  '/actuator/env',
  '/actuator/heapdump',
  '/config.json',
  '/backup.sql',
  '/db.sql.gz',
  '/admin/.env',
  '/api/.env',
  '/etc/passwd',
  '/.vscode/sftp.json',
  '/docker-compose.yml',
  '/id_rsa',
  '/web.config',
  '/.svn/entries',
]

/** Distinct guessed paths in a shuffled order, as many as asked (suffixes once the list runs out). */
function guesses(ctx: ScenarioContext, n: number): string[] {
  const all: string[] = []
  for (const p of PREFIXES) for (const r of RESOURCES) all.push(`${p}/${r}`)
  for (let i = all.length - 1; i > 0; i--) {
    const j = ctx.rng.int(0, i)
    ;[all[i], all[j]] = [all[j]!, all[i]!]
  }
  return Array.from({ length: n }, (_, i) =>
    i < all.length ? all[i]! : `${all[i % all.length]}/${Math.floor(i / all.length)}`,
  )
}

function probing(ctx: ScenarioContext, paths: (n: number) => string[], tool: string) {
  const network = ctx.rng.pick(ctx.knobs.stealth >= 0.5 ? PROXY_NETWORKS : ATTACKER_NETWORKS)
  const who = attacker(ctx, network, attackerAgent(ctx, tool))
  const times = attackTimes(ctx)
  const targets = paths(times.length)
  const base = route('GET', '/v1/stores')
  const requests = times.map((t, i) => {
    const req = toPath(ctx.model.requestFor(ctx.rng, who, base, t), 'GET', targets[i]!)
    const status = ctx.rng.pick([404, 404, 404, 404, 403, 401, 405])
    return { ...answered(ctx.rng, req, status), label: 'attack' as const }
  })
  return { subject: ipSubject(who), requests }
}

export const lowAndSlow: ScenarioDefinition = {
  type: 'recon.low_and_slow',
  description:
    'One address guesses a new API path every few minutes for hours (mostly 404s), too slow for any rate limit.',
  defaults: { rate: 0.3, durationMs: 6 * 60 * MINUTE, stealth: 0 },
  needsHistory: 0.2,
  build: (ctx) => probing(ctx, (n) => guesses(ctx, n), 'python-requests/2.31.0'),
}

export const scanBurst: ScenarioDefinition = {
  type: 'recon.scan_burst',
  description: 'A scanner tries a few hundred API paths from one address within minutes, almost all 404s.',
  defaults: { rate: 100, durationMs: 3 * MINUTE, stealth: 0 },
  needsHistory: 0.2,
  build: (ctx) => probing(ctx, (n) => guesses(ctx, n), 'gobuster/3.6'),
}

export const sensitivePaths: ScenarioDefinition = {
  type: 'recon.sensitive_paths',
  description:
    'One address asks for secret files and admin consoles (/.env, /.git/config, /actuator/env, ...).',
  defaults: { rate: 8, durationMs: 4 * MINUTE, stealth: 0 },
  needsHistory: 0.2,
  build: (ctx) =>
    probing(
      ctx,
      (n) => Array.from({ length: n }, (_, i) => SENSITIVE_PATHS[i % SENSITIVE_PATHS.length]!),
      'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)',
    ),
}

export const RECON_SCENARIOS = [lowAndSlow, scanBurst, sensitivePaths]
