// The concrete object id of a request: the path segments that its route template marks as an id
// (`{id:int}`, `{id:uuid}`, `{id:objectid}`; `/users/{id:int}/orders/{id:int}` and
// `/users/7/orders/42` give `7/42`), or null when the route has no id placeholder or the path
// does not line up with it.
import { PARAM } from '../../inventory/route-template.js'

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const ID_PLACEHOLDER = new RegExp([PARAM.int, PARAM.uuid, PARAM.objectid].map(escapeRegExp).join('|'))
const ID_PLACEHOLDERS = new RegExp(ID_PLACEHOLDER.source, 'g')

export function objectId(route: string, path: string): string | null {
  if (!ID_PLACEHOLDER.test(route)) return null
  const routeSegments = route.split('/')
  const pathSegments = path.split('/')
  if (routeSegments.length !== pathSegments.length) return null
  const ids: string[] = []
  for (let i = 0; i < routeSegments.length; i++) {
    const template = routeSegments[i]!
    if (!ID_PLACEHOLDER.test(template)) continue
    const pattern = new RegExp(`^${template.split(ID_PLACEHOLDERS).map(escapeRegExp).join('(.+?)')}$`)
    const match = pattern.exec(pathSegments[i]!)
    if (!match) return null
    ids.push(...match.slice(1))
  }
  return ids.join('/')
}
