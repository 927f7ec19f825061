// What the no-leak tests (no-leak.test.ts through the HTTP sink, no-leak-kafka.test.ts through a
// real broker) share: the collector's redaction config, the corpus lines per format and input, and
// the checks a user makes on what came out.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type AccessEvent, validateAccessEvent } from '@gatewatch/schema'
import { expect } from 'vitest'
import { type CorpusFormat, corpusFileLines } from './corpus-formats.js'
import { CORPUS_REQUESTS, leakForms, SECRETS } from './secret-corpus.js'

/** Credential headers are listed on purpose: they must come out as fingerprints, never in clear. */
export const REDACT = `redact:
  api_key_headers: [x-shop-key]
  keep_headers: [user-agent, authorization, cookie, x-api-key, x-shop-key]
`

/** The corpus of one format for one input: every target starts with /<input>/<format> to tell them apart. */
export function linesFor(f: CorpusFormat, input: string): string[] {
  const requests = CORPUS_REQUESTS.map((r) => ({ ...r, target: `/${input}/${f.format}${r.target}` }))
  return corpusFileLines(f, requests)
}

/** Every file below `root`, as text. */
export function filesBelow(root: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const path = join(root, entry)
    if (statSync(path).isFile()) out.push(readFileSync(path, 'utf8'))
  }
  return out
}

/** Each secret form found in `text`, to name it in the failure. */
export function leaks(text: string): string[] {
  return SECRETS.flatMap((s) => leakForms(s)).filter((form) => text.includes(form))
}

/** What a user checks in the events of one format and input: principals, kept headers, validity. */
export function checkEvents(events: AccessEvent[], f: CorpusFormat, input: string): void {
  const mine = events.filter((e) => e.path.startsWith(`/${input}/${f.format}/`))
  const where = `${input} ${f.format}`
  expect(mine.length, where).toBeGreaterThanOrEqual(CORPUS_REQUESTS.length)
  for (const e of mine) expect(validateAccessEvent(e).ok, where).toBe(true)
  const kinds = new Set(mine.map((e) => e.principal.kind))
  // Every format logs the target: the query's api key and access token are principals.
  expect([...kinds], where).toEqual(expect.arrayContaining(['api_key', 'bearer']))
  if (f.carries.authorization) expect([...kinds], where).toEqual(expect.arrayContaining(['jwt', 'basic']))
  if (f.carries.cookie) expect([...kinds], where).toContain('cookie')
  if (f.carries.apiKey) {
    const fromHeader = mine.find((e) => e.path.endsWith('/v1/orders') && e.method === 'POST')
    expect(fromHeader?.principal.kind, where).toBe('api_key')
  }
  if (f.carries.headers) {
    const jwt = mine.find((e) => e.principal.kind === 'jwt' && e.path.endsWith('/v1/orders'))
    expect(jwt?.headers?.authorization, where).toBe(`Bearer hmac:${jwt?.principal.fingerprint}`)
    const shop = mine.find((e) => e.path.endsWith('/v1/stock'))
    expect(shop?.principal.kind, where).toBe('api_key')
    expect(shop?.headers?.['x-shop-key'], where).toMatch(/^hmac:[0-9a-f]{32}$/)
    const cookie = mine.find((e) => e.principal.kind === 'cookie')
    expect(cookie?.headers?.cookie, where).toMatch(
      /^[A-Za-z.]+=hmac:[0-9a-f]{32}; [A-Za-z.]+=hmac:[0-9a-f]{32}$/,
    )
  }
}
