import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { TSchema } from 'typebox'
import { describe, expect, it } from 'vitest'
import { detectorDefinitions } from './registry.js'
import { detectorConfig } from './testing.js'

const here = fileURLToPath(new URL('.', import.meta.url))

/** Paths of schema fields that lack a description or (for leaves) a default. */
function undocumented(schema: TSchema, path: string, out: string[]): string[] {
  const s = schema as TSchema & {
    properties?: Record<string, TSchema>
    description?: string
    default?: unknown
  }
  if (!s.description) out.push(`${path}: no description`)
  if (path && s.default === undefined) out.push(`${path}: no default`)
  for (const [key, child] of Object.entries(s.properties ?? {})) undocumented(child, `${path}.${key}`, out)
  return out
}

describe('detector registry', () => {
  it('lists uniquely named detectors, each in its own folder, with dotted alert types', () => {
    const names = detectorDefinitions.map((d) => d.name)
    expect(new Set(names).size).toBe(names.length)
    for (const d of detectorDefinitions) {
      expect(d.name).toMatch(/^[a-z]+(_[a-z]+)+$/)
      expect(existsSync(`${here}/${d.name.replaceAll('_', '-')}/index.ts`), d.name).toBe(true)
      for (const type of d.types) expect(type).toMatch(/^[a-z]+\.[a-z_]+$/)
    }
  })

  it('gives every detector a closed config with a described default for every field and an enabled switch', () => {
    for (const d of detectorDefinitions) {
      const schema = d.config as TSchema & {
        additionalProperties?: boolean
        properties?: Record<string, TSchema>
      }
      expect(schema.additionalProperties, d.name).toBe(false)
      expect(schema.properties?.enabled, d.name).toBeDefined()
      expect(undocumented(d.config, '', []), d.name).toEqual([])
      const defaults = detectorConfig(d) as { enabled: boolean }
      expect(typeof defaults.enabled).toBe('boolean')
      expect(() => detectorConfig(d, { no_such_option: 1 })).toThrow(/no_such_option|additional/i)
    }
  })
})
