// The concrete object id of a request: the path segments its route template holds as parameters
// (the templater's `{id:int}`, `{id:uuid}`, `{id:objectid}`, a learned `{param}`, a spec's
// `{order_id}`; `/users/{id:int}/orders/{id:int}` and `/users/7/orders/42` give `7/42`), or null
// when the route has none or the path does not line up with it. A `{date}` is not an object.
import { PARAM } from '../../inventory/route-template.js'

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const NOT_AN_OBJECT = new Set<string>([PARAM.date])
const PLACEHOLDERS = /\{[^{}/]+\}/g
const holdsObject = (template: string) =>
  (template.match(PLACEHOLDERS) ?? []).some((p) => !NOT_AN_OBJECT.has(p))

export function objectId(route: string, path: string): string | null {
  if (!holdsObject(route)) return null
  const routeSegments = route.split('/')
  const pathSegments = path.split('/')
  if (routeSegments.length !== pathSegments.length) return null
  const ids: string[] = []
  for (let i = 0; i < routeSegments.length; i++) {
    const template = routeSegments[i]!
    if (!holdsObject(template)) continue
    const pattern = new RegExp(`^${template.split(PLACEHOLDERS).map(escapeRegExp).join('(.+?)')}$`)
    const match = pattern.exec(pathSegments[i]!)
    if (!match) return null
    ids.push(...match.slice(1))
  }
  return ids.join('/')
}
