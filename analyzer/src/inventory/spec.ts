// OpenAPI import: a spec (OpenAPI 3 or Swagger 2, JSON or YAML) becomes the list of operations a
// service documents, and a matcher that maps a request path to the spec's own path template, so
// known routes are stored under the names the API's authors gave them (`/v2/orders/{order_id}`).
// @apidevtools/swagger-parser validates and dereferences the document: it is the reference
// implementation of both spec versions, and a hand-written check would miss what it catches.
import SwaggerParser from '@apidevtools/swagger-parser'
import { parse as parseYaml } from 'yaml'
import { isParamSegment } from './route-template.js'

export type SpecStatus = 'documented' | 'shadow' | 'zombie' | 'unused' | 'unspecified'

export interface SpecOperation {
  method: string
  /** Path template as the spec writes it, with the servers' base path: `/v2/orders/{order_id}`. */
  path: string
  deprecated: boolean
}

export interface ApiSpec {
  service: string
  title: string
  version: string
  operations: SpecOperation[]
  /** When it was imported, ms since the epoch. */
  imported_at: number
}

export class SpecError extends Error {
  override readonly name = 'SpecError'
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** The path part of a server URL or basePath: `https://api.example.com/v2/` → `/v2`. */
function basePath(url: string | undefined): string {
  if (!url) return ''
  let path = url
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url)
  if (scheme) path = url.slice(scheme[0].length)
  if (!path.startsWith('/')) return ''
  // A server variable in the path (`/{version}`) cannot be matched literally: keep what precedes it.
  const brace = path.indexOf('{')
  if (brace !== -1) path = path.slice(0, brace)
  return path.replace(/\/+$/, '')
}

/** The first `$ref` that points outside the document, if any (walks at most 100k nodes). */
function externalRef(root: unknown): string | undefined {
  const stack = [root]
  for (let seen = 0; stack.length > 0 && seen < 100_000; seen++) {
    const node = stack.pop()
    if (node === null || typeof node !== 'object') continue
    const ref = (node as { $ref?: unknown }).$ref
    if (typeof ref === 'string' && !ref.startsWith('#')) return ref
    stack.push(...Object.values(node))
  }
  return undefined
}

type Doc = {
  swagger?: string
  basePath?: string
  servers?: { url?: string }[]
  info?: { title?: string; version?: string }
  paths?: Record<string, Record<string, { deprecated?: boolean } | undefined> | undefined>
}

/**
 * Parses, validates and dereferences a spec. External `$ref`s (files, URLs) are refused: an
 * uploaded document must not make the analyzer read its disk or call out.
 */
export async function parseSpec(text: string): Promise<Omit<ApiSpec, 'service' | 'imported_at'>> {
  let raw: unknown
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw new SpecError(`the spec is neither JSON nor YAML: ${(err as Error).message}`)
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new SpecError('the spec must be a JSON or YAML object with openapi (or swagger), info and paths')
  const external = externalRef(raw)
  if (external !== undefined)
    throw new SpecError(
      `the spec refers outside itself ($ref ${JSON.stringify(external)}); bundle it into one document first`,
    )
  let doc: Doc
  try {
    doc = (await SwaggerParser.validate(raw as never, {
      resolve: { external: false },
    })) as Doc
  } catch (err) {
    throw new SpecError(`the spec is not a valid OpenAPI document: ${(err as Error).message.split('\n')[0]}`)
  }
  const base = doc.swagger ? basePath(doc.basePath) : basePath(doc.servers?.[0]?.url)
  const operations: SpecOperation[] = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method]
      if (!op) continue
      operations.push({
        method: method.toUpperCase(),
        path: `${base}${path}`,
        deprecated: op.deprecated === true,
      })
    }
  }
  return { title: doc.info?.title ?? '', version: doc.info?.version ?? '', operations }
}

interface CompiledPath {
  path: string
  segments: (string | RegExp)[]
  literals: number
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function compile(path: string): CompiledPath {
  const segments = path.split('/').map((s) =>
    s.includes('{')
      ? new RegExp(
          `^${s
            .split(/\{[^}]*\}/)
            .map(escapeRegex)
            .join('[^/]+')}$`,
        )
      : s,
  )
  return { path, segments, literals: segments.filter((s) => typeof s === 'string').length }
}

const VERSION_SEGMENT = /^v(\d+)$/i

/** A route with its parameters blurred and its version segment taken out, and that version. */
function versionShape(method: string, route: string): { shape: string; version: number } | undefined {
  const segments = route.split('/')
  const at = segments.findIndex((s) => VERSION_SEGMENT.test(s))
  if (at === -1) return undefined
  const version = Number(VERSION_SEGMENT.exec(segments[at]!)![1])
  const shape = segments.map((s, i) => (i === at ? 'v*' : isParamSegment(s) ? '{}' : s)).join('/')
  return { shape: `${method} ${shape}`, version }
}

/** One service's imported spec, compiled for matching and status. */
export class SpecIndex {
  private readonly bySegments = new Map<number, CompiledPath[]>()
  private readonly operations = new Map<string, SpecOperation>()
  private readonly newestVersion = new Map<string, number>()

  constructor(readonly spec: ApiSpec) {
    const paths = new Set<string>()
    for (const op of spec.operations) {
      this.operations.set(`${op.method} ${op.path}`, op)
      paths.add(op.path)
      const v = versionShape(op.method, op.path)
      if (v && !op.deprecated)
        this.newestVersion.set(v.shape, Math.max(v.version, this.newestVersion.get(v.shape) ?? 0))
    }
    for (const path of paths) {
      const c = compile(path)
      const list = this.bySegments.get(c.segments.length) ?? []
      list.push(c)
      this.bySegments.set(c.segments.length, list)
    }
    // The most literal template wins: `/users/me` before `/users/{user_id}`.
    for (const list of this.bySegments.values()) list.sort((a, b) => b.literals - a.literals)
  }

  /** The spec's path template that a request path (no query string) matches, if any. */
  match(path: string): string | undefined {
    const segments = path.split('/')
    const candidates = this.bySegments.get(segments.length)
    if (!candidates) return undefined
    for (const c of candidates) {
      if (c.segments.every((s, i) => (typeof s === 'string' ? s === segments[i] : s.test(segments[i]!))))
        return c.path
    }
    return undefined
  }

  /**
   * documented: the spec has this operation; zombie: it is deprecated there, or the spec has the
   * same operation under a newer version (`/v1/orders/{id:int}` while the spec has `/v2/orders/{order_id}`);
   * shadow: seen but not in the spec.
   */
  status(method: string, route: string): Exclude<SpecStatus, 'unused' | 'unspecified'> {
    const op = this.operations.get(`${method} ${route}`)
    if (op) return op.deprecated ? 'zombie' : 'documented'
    const v = versionShape(method, route)
    const newest = v && this.newestVersion.get(v.shape)
    if (v && newest !== undefined && newest > v.version) return 'zombie'
    return 'shadow'
  }
}
