// The route templater the pipeline uses: an imported spec's path templates first, then the
// per-segment rules (route-template.ts), then what was learned from traffic: under a prefix whose
// literal children are too many to be names (`/v1/products/blue-chair`, `/red-lamp`, ...), the
// child becomes a parameter (`/v1/products/{param}`). Learned templates are kept in the store
// (inventory/store.ts) so a restart keeps them; an admin may approve, rename or split them.
import { createHash } from 'node:crypto'
import { isParamSegment, PARAM, pathOnly, templateSegment } from './route-template.js'
import { type ApiSpec, SpecIndex, type SpecStatus } from './spec.js'

export interface LearnedTemplate {
  /** Stable id: a hash of service and prefix. */
  id: string
  service: string
  /** The templated path above the learned segment: `/v1/products`. */
  prefix: string
  /** Placeholder name the segment becomes, without braces: `param`, or a name an admin chose. */
  name: string
  status: 'learned' | 'approved'
  /** Literal children that stay names (frequent at learning time, or split out by an admin). */
  kept: string[]
  /** Distinct literal children seen when the template was learned. */
  distinct: number
  /** ms since the epoch */
  updated_at: number
}

export interface TemplaterOptions {
  /** Distinct literal children under one prefix above which the child becomes a parameter. */
  learnThreshold: number
  /** Prefixes whose children are being counted at once; the least recently added is forgotten first. */
  maxPrefixes: number
  /** A child seen in at least this share of a prefix's requests stays a name when it is learned. */
  keepShare: number
}

export const DEFAULT_TEMPLATER_OPTIONS: TemplaterOptions = {
  learnThreshold: 100,
  maxPrefixes: 10_000,
  keepShare: 0.2,
}

/** Words that name a resource, never an instance of it: they never become a parameter. */
const RESERVED_NAMES = new Set([
  'me',
  'self',
  'current',
  'new',
  'search',
  'count',
  'all',
  'latest',
  'batch',
  'bulk',
  'export',
  'import',
  'settings',
  'status',
  'health',
  'login',
  'logout',
])

const EXTENSION = /^(.+?)(\.[A-Za-z][A-Za-z0-9]{0,4})$/
/** A segment whose children are resource names: `/api`, `/v2`, `/rest`. */
const NAMESPACE = /^(?:api|rest|v\d+(?:\.\d+)?)$/i

/** Placeholders the rules produce for a typed value; any other placeholder was learned (or renamed). */
const TYPED_PARAMS = new Set<string>(Object.values(PARAM).filter((p) => p !== PARAM.param))
const isLearnedPlaceholder = (segment: string) =>
  isParamSegment(segment) && !TYPED_PARAMS.has(EXTENSION.exec(segment)?.[1] ?? segment)

export const templateId = (service: string, prefix: string) =>
  createHash('sha256').update(`${service}\n${prefix}`).digest('hex').slice(0, 16)

/** The template path a learned template produces: `/v1/products/{param}`. */
export const learnedPath = (t: Pick<LearnedTemplate, 'prefix' | 'name'>) =>
  `${t.prefix === '/' ? '' : t.prefix}/{${t.name}}`

interface Counter {
  children: Map<string, number>
  total: number
}

export class Templater {
  private readonly options: TemplaterOptions
  private readonly specs = new Map<string, SpecIndex>()
  /** `service\nprefix` → learned template */
  private readonly learnedByKey = new Map<string, LearnedTemplate>()
  private readonly counters = new Map<string, Counter>()

  constructor(
    options: Partial<TemplaterOptions> = {},
    private readonly onLearn: (t: LearnedTemplate) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULT_TEMPLATER_OPTIONS, ...options }
  }

  /** The route of one request; the method does not change it (a path has one template). */
  template(service: string, _method: string, path: string): string {
    const p = pathOnly(path)
    if (!p.startsWith('/')) return p
    const spec = this.specs.get(service)?.match(p)
    if (spec) return spec
    return this.learnSegments(service, p.split('/'), true)
  }

  /** A stored route templated again with what was learned since (for rows stored before). */
  retemplate(service: string, route: string): string {
    if (!route.startsWith('/')) return route
    if (this.specs.get(service)?.match(route) === route) return route
    return this.learnSegments(service, route.split('/'), false)
  }

  private learnSegments(service: string, raw: string[], observe: boolean): string {
    const out: string[] = [raw[0]!]
    for (let i = 1; i < raw.length; i++) {
      const segment = raw[i]!
      let t = templateSegment(segment)
      if (!observe && i > 1 && isLearnedPlaceholder(segment)) {
        // A stored route from before a rename: the placeholder takes the current name.
        const learned = this.learnedByKey.get(`${service}\n${out.join('/')}`)
        if (learned) t = withExtension(segment, `{${learned.name}}`)
      }
      // The children of the root and of a namespace (`/api`, `/v2`) are resource names; a trailing
      // slash is no segment.
      if (
        i > 1 &&
        segment !== '' &&
        !isParamSegment(t) &&
        !RESERVED_NAMES.has(segment.toLowerCase()) &&
        !NAMESPACE.test(raw[i - 1]!)
      ) {
        const prefix = out.join('/')
        const learned = this.learnedByKey.get(`${service}\n${prefix}`)
        if (learned) {
          if (!learned.kept.includes(segment)) t = withExtension(segment, `{${learned.name}}`)
        } else if (observe) {
          this.observe(service, prefix, segment)
        }
      }
      out.push(t)
    }
    return out.join('/')
  }

  private observe(service: string, prefix: string, segment: string): void {
    const key = `${service}\n${prefix}`
    let c = this.counters.get(key)
    if (!c) {
      if (this.counters.size >= this.options.maxPrefixes) {
        this.counters.delete(this.counters.keys().next().value!)
      }
      c = { children: new Map(), total: 0 }
      this.counters.set(key, c)
    }
    c.total++
    c.children.set(segment, (c.children.get(segment) ?? 0) + 1)
    if (c.children.size <= this.options.learnThreshold) return
    const kept = [...c.children]
      .filter(([, n]) => n >= this.options.keepShare * c.total)
      .map(([s]) => s)
      .sort()
    const learned: LearnedTemplate = {
      id: templateId(service, prefix),
      service,
      prefix,
      name: 'param',
      status: 'learned',
      kept,
      distinct: c.children.size,
      updated_at: this.now(),
    }
    this.counters.delete(key)
    this.put(learned)
    this.onLearn(learned)
  }

  /** Adds or replaces a learned template (from the store at start, or an admin's change). */
  put(t: LearnedTemplate): void {
    this.learnedByKey.set(`${t.service}\n${t.prefix}`, t)
  }

  learned(): LearnedTemplate[] {
    return [...this.learnedByKey.values()]
  }

  get(id: string): LearnedTemplate | undefined {
    return this.learned().find((t) => t.id === id)
  }

  /** Uses an imported spec for its service from now on (replacing an older one). */
  setSpec(spec: ApiSpec): void {
    this.specs.set(spec.service, new SpecIndex(spec))
  }

  spec(service: string): ApiSpec | undefined {
    return this.specs.get(service)?.spec
  }

  allSpecs(): ApiSpec[] {
    return [...this.specs.values()].map((s) => s.spec)
  }

  /** Spec status of a seen endpoint; `unspecified` when its service has no spec. */
  specStatus(service: string, method: string, route: string): SpecStatus {
    return this.specs.get(service)?.status(method, route) ?? 'unspecified'
  }
}

function withExtension(segment: string, param: string): string {
  const ext = EXTENSION.exec(segment)
  return ext ? `${param}${ext[2]}` : param
}
