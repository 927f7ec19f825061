// The concrete object id of a request: the path segments that its route template marks `{id}`
// (`/users/{id}/orders/{id}` and `/users/7/orders/42` give `7/42`), or null when the route has
// no placeholder or the path does not line up with it.
import { ID } from '../../inventory/route-template.js'

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export function objectId(route: string, path: string): string | null {
  if (!route.includes(ID)) return null
  const routeSegments = route.split('/')
  const pathSegments = path.split('/')
  if (routeSegments.length !== pathSegments.length) return null
  const ids: string[] = []
  for (let i = 0; i < routeSegments.length; i++) {
    const template = routeSegments[i]!
    if (!template.includes(ID)) continue
    const pattern = new RegExp(`^${template.split(ID).map(escapeRegExp).join('(.+?)')}$`)
    const match = pattern.exec(pathSegments[i]!)
    if (!match) return null
    ids.push(...match.slice(1))
  }
  return ids.join('/')
}
