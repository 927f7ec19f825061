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

/** How the object id is read from a path of one route: per parameter segment, its pattern. */
interface Reader {
  segments: number
  /** Segment index and its pattern; null for a segment that is one placeholder (the whole segment). */
  parts: { index: number; pattern: RegExp | null }[]
}

/** Readers of the routes seen (a route's regular expressions are built once, not per request). */
const READERS_MAX = 10_000
const readers = new Map<string, Reader | null>()

function readerOf(route: string): Reader | null {
  let reader = readers.get(route)
  if (reader !== undefined) return reader
  reader = null
  if (holdsObject(route)) {
    const segments = route.split('/')
    const parts: Reader['parts'] = []
    for (let i = 0; i < segments.length; i++) {
      const template = segments[i]!
      if (!holdsObject(template)) continue
      const pieces = template.split(PLACEHOLDERS)
      const whole = pieces.length === 2 && pieces[0] === '' && pieces[1] === ''
      parts.push({
        index: i,
        pattern: whole ? null : new RegExp(`^${pieces.map(escapeRegExp).join('(.+?)')}$`),
      })
    }
    reader = { segments: segments.length, parts }
  }
  if (readers.size >= READERS_MAX) readers.clear()
  readers.set(route, reader)
  return reader
}

export function objectId(route: string, path: string): string | null {
  const reader = readerOf(route)
  if (!reader) return null
  const pathSegments = path.split('/')
  if (pathSegments.length !== reader.segments) return null
  let id = ''
  for (const { index, pattern } of reader.parts) {
    const segment = pathSegments[index]!
    if (pattern === null) {
      if (segment === '') return null
      id = id === '' ? segment : `${id}/${segment}`
      continue
    }
    const match = pattern.exec(segment)
    if (!match) return null
    for (let g = 1; g < match.length; g++) id = id === '' ? match[g]! : `${id}/${match[g]}`
  }
  return id
}
