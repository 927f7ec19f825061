// JSON access-log lines, read safely: JSON.parse (native, linear, iterative, so a deeply nested
// line cannot blow the stack), then bounds a log line never needs (nesting depth, number of keys and
// elements) checked by an iterative walk that stops at the first excess, and duplicate keys
// detected by comparing the keys written in the text (colons outside strings) with the distinct
// keys parsed. Gateways that
// do not escape values (API Gateway templates, hand-written log formats) let a client inject a
// second `"status"`; a line that says two things is rejected instead of guessed. Errors never quote
// the line: V8's JSON.parse messages include a slice of it, which may hold a credential.
import { type Rejection, reject } from './types.js'

export type JsonObject = Record<string, unknown>

/** Deeper nesting than any gateway writes (Kong, the deepest, uses about six levels). */
export const MAX_JSON_DEPTH = 32
/** More keys and array elements in one line than any gateway writes. */
export const MAX_JSON_NODES = 4096

/**
 * A quick upper bound of the keys written in the text: every `:` whose previous non-blank
 * character is an unescaped `"`. A key's closing quote always qualifies; so does the opening quote
 * of a value that starts with a colon (`"addr":":80"`), hence "upper bound".
 */
function keysAtMost(line: string): number {
  let n = 0
  for (let c = line.indexOf(':'); c !== -1; c = line.indexOf(':', c + 1)) {
    let q = c - 1
    let ch = line.charCodeAt(q)
    while (ch === 32 || ch === 9) ch = line.charCodeAt(--q)
    if (ch !== 34) continue
    let backslashes = 0
    for (let b = q - 1; line.charCodeAt(b) === 92; b--) backslashes++
    if (backslashes % 2 === 0) n++
  }
  return n
}

/** The exact number of keys written: colons outside strings, found by skipping each string whole. */
function keysWritten(line: string): number {
  let n = 0
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i)
    if (c === 58) n++
    else if (c === 34) {
      let end = line.indexOf('"', i + 1)
      for (;;) {
        if (end === -1) return n
        let backslashes = 0
        for (let b = end - 1; line.charCodeAt(b) === 92; b--) backslashes++
        if (backslashes % 2 === 0) break
        end = line.indexOf('"', end + 1)
      }
      i = end
    }
  }
  return n
}

/** Distinct keys of the parsed value, or a rejection when it is too deep or too big. */
function walk(root: JsonObject): number | Rejection {
  let keys = 0
  let nodes = 0
  const stack: unknown[] = [root]
  const depths: number[] = [1]
  while (stack.length > 0) {
    const v = stack.pop()
    const depth = depths.pop()!
    if (depth > MAX_JSON_DEPTH) {
      return reject('too_complex', `the JSON line nests deeper than ${MAX_JSON_DEPTH} levels`)
    }
    if (Array.isArray(v)) {
      nodes += v.length
      if (nodes > MAX_JSON_NODES) break
      for (let i = 0; i < v.length; i++) {
        const e = v[i]
        if (e !== null && typeof e === 'object') {
          stack.push(e)
          depths.push(depth + 1)
        }
      }
      continue
    }
    const o = v as JsonObject
    for (const k in o) {
      keys++
      nodes++
      const e = o[k]
      if (e !== null && typeof e === 'object') {
        stack.push(e)
        depths.push(depth + 1)
      }
    }
    if (nodes > MAX_JSON_NODES) break
  }
  if (nodes > MAX_JSON_NODES) {
    return reject('too_complex', `the JSON line holds more than ${MAX_JSON_NODES} keys and elements`)
  }
  return keys
}

/** The first non-blank character code of the line. */
function firstChar(line: string): number {
  let i = 0
  let c = line.charCodeAt(0)
  while (c === 32 || c === 9) c = line.charCodeAt(++i)
  return c
}

/** Parses a line that must be one JSON object, within the bounds above. */
export function parseJsonObject(line: string): { ok: true; value: JsonObject } | Rejection {
  const first = firstChar(line)
  if (first !== 123) {
    if (first === 91) return reject('unknown_shape', 'the line is a JSON array, not one JSON object')
    return reject('unknown_shape', 'the line is not a JSON object')
  }
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return reject('malformed', 'the line is not valid JSON (truncated, or broken quoting)')
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return reject('unknown_shape', 'the line is not a JSON object')
  }
  const distinct = walk(value as JsonObject)
  if (typeof distinct !== 'number') return distinct
  // The quick bound settles the usual case; the exact count runs only when the bound is above.
  const written = keysAtMost(line) > distinct ? keysWritten(line) : distinct
  if (written > distinct) {
    return reject('malformed', `the JSON line repeats a key (${written} keys written, ${distinct} distinct)`)
  }
  return { ok: true, value: value as JsonObject }
}

// ---------------------------------------------------------------------------------------------
// Reading fields

/** `-` and empty strings mean "not logged" in every gateway's JSON output. */
function present(v: string): string | undefined {
  return v === '' || v === '-' ? undefined : v
}

/** A text field: strings as they are, numbers as text; `-`, empty, null and objects are absent. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return present(v)
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

/**
 * A non-negative number field (number or numeric string). undefined when absent (`-`, empty,
 * null); NaN when present but not a number, negative, or beyond 2^53.
 */
export function num(v: unknown): number | undefined {
  let n: number
  if (typeof v === 'number') n = v
  else if (typeof v === 'string') {
    if (v === '' || v === '-') return undefined
    n = Number(v)
  } else if (v === undefined || v === null) return undefined
  else return Number.NaN
  return Number.isFinite(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER ? n : Number.NaN
}

/** The value at a dotted path (`request.headers.user-agent`); a flat key with dots wins. */
export function at(o: JsonObject, path: string): unknown {
  const flat = o[path]
  if (flat !== undefined || !path.includes('.')) return flat
  let v: unknown = o
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined
    v = (v as JsonObject)[key]
  }
  return v
}

/** The first of several keys that is present, for formats whose key names vary by version. */
export function first(o: JsonObject, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = at(o, k)
    if (v !== undefined && v !== null && v !== '' && v !== '-') return v
  }
  return undefined
}

/** A nested object, or undefined. */
export function obj(v: unknown): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined
}
