// The single-file bundle: built with esbuild, run with plain node, and it must print exactly what
// the TypeScript sources print for the same input and key.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const FIXTURE = join(ROOT, 'src/parsers/nginx-json/fixtures/credentials/input.log')
const ENV = {
  ...process.env,
  GATEWATCH_HMAC_KEY: 'bundle-test-hmac-key-0123456789',
  GATEWATCH_COLLECTOR_ID: 'bundle-1',
}

function dryRun(entry: string) {
  const res = spawnSync(
    process.execPath,
    [entry, '--input', FIXTURE, '--format', 'nginx-json', '--dry-run'],
    {
      env: ENV,
      encoding: 'utf8',
      timeout: 60_000,
    },
  )
  return { code: res.status, events: res.stdout.split('\n').filter(Boolean) }
}

describe('bundle', () => {
  it('builds dist/gatewatch-collector.mjs, which plain node runs to the same events as the sources', () => {
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle.mjs')], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(built.status, built.stderr).toBe(0)
    const bundle = join(ROOT, 'dist/gatewatch-collector.mjs')
    // Everything is inside: no import of a package from node_modules remains; the only files it
    // loads beside itself are the zstd addon's per-platform candidates, and this platform's is there.
    const text = readFileSync(bundle, 'utf8')
    const imported = [
      ...text.matchAll(/^import .* from ["']([^"']+)["'];?$/gm),
      ...text.matchAll(/__require\(["']([^"']+)["']\)/g),
    ].map((m) => m[1]!.replace(/^node:/, ''))
    expect(imported.length).toBeGreaterThan(0)
    const outside = imported.filter((r) => !builtinModules.includes(r))
    expect(
      outside.filter((r) => !/^(\.\/zstd\.[A-Za-z0-9_.-]+\.node|@mongodb-js\/zstd-[a-z0-9-]+)$/.test(r)),
    ).toEqual([])
    const addon = outside.find((r) => r.startsWith('./zstd.linux-x64-gnu-'))
    expect(addon && existsSync(join(ROOT, 'dist', addon))).toBe(true)
    expect(text).toContain('kafkajs')
    const fromBundle = dryRun(bundle)
    const fromSources = dryRun(join(ROOT, 'bin/gatewatch-collector.js'))
    expect(fromBundle.code).toBe(0)
    expect(fromBundle.events.length).toBeGreaterThan(0)
    expect(fromBundle.events).toEqual(fromSources.events)
  })
})
