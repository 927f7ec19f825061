// Building blocks the scenarios share: when requests happen (an attack's rate, a user's daily
// history), routes by name, requests bent to an attacker's path, network and answer.
import { type ClientKind, type HttpMethod, ROUTES, type RouteSpec } from '../catalogue.js'
import { activityOf } from '../diurnal.js'
import { addressIn, type NetworkName } from '../networks.js'
import type { SimulatedRequest, TrafficLabel } from '../request.js'
import type { Rng } from '../rng.js'
import type { SimUser } from '../users.js'
import type { ScenarioContext } from './types.js'

const MINUTE = 60_000

/** The catalogue's route; throws naming it when the catalogue has no such route. */
export function route(method: HttpMethod, template: string): RouteSpec {
  const found = ROUTES.find((r) => r.method === method && r.template === template)
  if (found === undefined) throw new Error(`the catalogue has no route ${method} ${template}`)
  return found
}

/** The routes a kind of client calls, for histories. */
export function routesOf(kind: ClientKind, methods: readonly HttpMethod[] = ['GET']): RouteSpec[] {
  return ROUTES.filter((r) => r.clients.includes(kind) && methods.includes(r.method))
}

/** Requests per minute once stealth has slowed the attack: `rate` at 0, a quarter of it at 1. */
export function effectiveRate(ctx: ScenarioContext): number {
  return ctx.knobs.rate * (1 - 0.75 * ctx.knobs.stealth)
}

/** Poisson arrivals at `perMinute` in [from, to), whole seconds, ascending. */
export function arrivals(rng: Rng, from: number, to: number, perMinute: number): number[] {
  const out: number[] = []
  if (perMinute <= 0) return out
  const meanGap = MINUTE / perMinute
  for (let t = from + -Math.log(1 - rng.next()) * meanGap; t < to; t += -Math.log(1 - rng.next()) * meanGap)
    out.push(Math.floor(t / 1000) * 1000)
  return out
}

/** The attack's request times: the effective rate over the knob's duration from the planned start. */
export function attackTimes(ctx: ScenarioContext): number[] {
  const times = arrivals(ctx.rng, ctx.start, ctx.start + ctx.knobs.durationMs, effectiveRate(ctx))
  // Even the slowest attack sends something, so every scenario has ground truth.
  return times.length > 0 ? times : [Math.floor(ctx.start / 1000) * 1000]
}

/** A user's ordinary day: about `perHour` requests at their busiest, following their kind's rhythm. */
export function historyTimes(
  rng: Rng,
  kind: ClientKind,
  from: number,
  to: number,
  perHour: number,
): number[] {
  return arrivals(rng, from, to, perHour / 60).filter((t) => rng.next() < activityOf(kind, t))
}

/** The requests `user` sends to `routes` at `times`, labelled as given. */
export function requestsAt(
  ctx: ScenarioContext,
  user: SimUser,
  routes: readonly RouteSpec[],
  times: readonly number[],
  label: TrafficLabel,
): SimulatedRequest[] {
  return times.map((t) => ({ ...ctx.model.requestFor(ctx.rng, user, ctx.rng.pick(routes), t), label }))
}

/** `req` sent from another network. */
export function from(rng: Rng, req: SimulatedRequest, network: NetworkName): SimulatedRequest {
  return { ...req, clientIp: addressIn(rng, network) }
}

/** `req` answered with `status`, with a body of the size such an answer has. */
export function answered(rng: Rng, req: SimulatedRequest, status: number): SimulatedRequest {
  const body = status === 204 || status === 304 ? 0 : status >= 400 ? rng.int(40, 220) : req.responseBytes
  return { ...req, status, responseBytes: body, latencyMs: status >= 400 ? rng.int(1, 12) : req.latencyMs }
}

/** `req` sent to a path the catalogue does not have (route = the path itself, no template). */
export function toPath(req: SimulatedRequest, method: HttpMethod, target: string): SimulatedRequest {
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  return { ...req, method, path, route: path, query: q === -1 ? '' : target.slice(q + 1) }
}

/** `req` without any credential, as an anonymous caller sends it. */
export function anonymous(req: SimulatedRequest): SimulatedRequest {
  const { authorization: _a, apiKey: _k, remoteUser: _u, ...rest } = req
  return { ...rest, actor: { ...req.actor, credential: 'none' } }
}

/** Tools attackers use, as they announce themselves; stealthy attackers send a browser's agent instead. */
export const ATTACK_AGENTS = [
  'gobuster/3.6',
  'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)',
  'sqlmap/1.8.2#stable (https://sqlmap.org)',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
  'curl/7.88.1',
]
export const STEALTH_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

/** The attacker's user agent: a tool's at low stealth, a browser's past one half. */
export function attackerAgent(ctx: ScenarioContext, tool: string): string {
  return ctx.knobs.stealth >= 0.5 ? STEALTH_AGENT : tool
}

/** An attacker without credentials at one address of `network`. */
export function attacker(ctx: ScenarioContext, network: NetworkName, agent: string): SimUser {
  const ip = addressIn(ctx.rng, network)
  return {
    index: ctx.nextIndex(),
    id: `attacker-${ip}`,
    client: 'anonymous',
    credential: { kind: 'none' },
    userAgent: agent,
    protocol: 'HTTP/1.1',
    ips: [ip],
    activity: 1,
    errorProneness: 1,
    ownIds: {},
  }
}

export function ipSubject(user: SimUser): { kind: 'ip'; id: string } {
  return { kind: 'ip', id: user.ips[0]! }
}

/**
 * The routes a user calls day after day: a partner's or service's integration uses a few (GET)
 * endpoints, people in an app call all of them.
 */
export function habitualRoutes(ctx: ScenarioContext, user: SimUser): RouteSpec[] {
  const all = routesOf(user.client)
  if (user.client !== 'partner' && user.client !== 'internal') return all
  const own = new Set<RouteSpec>()
  while (own.size < Math.min(4, all.length)) own.add(ctx.rng.pick(all))
  return [...own]
}

/**
 * A script's request times: a fixed interval at the effective rate with a little jitter (±5%),
 * more as stealth grows (±50% at 1), so the gaps of a loud scraper are machine-regular.
 */
export function regularTimes(ctx: ScenarioContext): number[] {
  const gap = MINUTE / effectiveRate(ctx)
  const jitter = 0.05 + 0.45 * ctx.knobs.stealth
  const out: number[] = []
  for (
    let t = ctx.start;
    t < ctx.start + ctx.knobs.durationMs;
    t += gap * (1 + jitter * (2 * ctx.rng.next() - 1))
  )
    out.push(Math.round(t))
  return out
}
