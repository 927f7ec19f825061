// The parse call site of the pipeline with the new formats: a parser created per source, skipped
// lines counted apart from rejections, and auto-detection logging its choice.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { sharedDataPath } from '@gatewatch/infra'
import { type AccessEvent, validateAccessEvent } from '@gatewatch/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { createLogger } from '../log.js'
import { runCollector } from '../pipeline.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-formats-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function dryRun(input: string, format: string, parser: Record<string, unknown> = {}) {
  const config = loadConfig({
    env: {},
    flags: { input, format, dryRun: true, stateDir: join(dir, 'state'), collectorId: 'edge-1' },
  })
  Object.assign(config.inputs[0]!.parser, parser)
  const chunks: string[] = []
  const out = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk))
      cb()
    },
  })
  const logs: string[] = []
  const metrics = await runCollector(config, { log: createLogger('info', (l) => logs.push(l)), out })
  const events = chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AccessEvent)
  return { metrics, events, logs: logs.map((l) => JSON.parse(l) as { level: string; msg: string }) }
}

describe('the pipeline with per-source parsers', () => {
  it('counts IIS directives as skipped, not rejected, and ships every row as a valid event', async () => {
    const { metrics, events } = await dryRun(
      sharedDataPath('lnav-format-samples', 'logfile_w3c_big.0'),
      'iis-w3c',
    )
    expect(metrics).toMatchObject({ lines_read: 254, parsed: 210, skipped: 44, rejected: {}, shipped: 210 })
    expect(events.every((e) => validateAccessEvent(e).ok)).toBe(true)
    expect(events[0]).toMatchObject({
      method: 'GET',
      path: '/robots.txt',
      status: 404,
      client_ip: '157.55.39.146',
    })
  })

  it('detects the format with --format auto and says so once, naming the source', async () => {
    const file = sharedDataPath('lnav-format-samples', 'logfile_shop_access_log.0')
    const { metrics, logs } = await dryRun(file, 'auto')
    expect(metrics).toMatchObject({ parsed: 1000, shipped: 1000, skipped: 0 })
    const detected = logs.filter((l) => l.msg.startsWith('Detected the log format'))
    expect(detected).toHaveLength(1)
    expect(detected[0]!.msg).toContain(`${file}: nginx-combined`)
  })

  it('applies format options from the parser options of the input (HAProxy captured headers) and skips the notices', async () => {
    const { metrics, events } = await dryRun(
      sharedDataPath('lnav-format-samples', 'logfile_haproxy.0'),
      'haproxy',
      {
        haproxy: { capture_request_headers: ['User-Agent'] },
      },
    )
    expect(metrics).toMatchObject({ parsed: 13, skipped: 4, shipped: 13 })
    expect(events[0]!.user_agent).toMatch(/^Mozilla\/5.0 \(Windows NT 6.1/)
  })

  it('counts each kind of bad JSON line by its reason and ships the rest of the file', async () => {
    const kong = readFileSync(join(import.meta.dirname, 'kong/fixtures/kong-docs/input.log'), 'utf8')
      .trim()
      .split('\n')
    const file = join(dir, 'kong.log')
    const bad = [
      // Within max_line_bytes, so the parser (not the input) refuses it.
      `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
      `${kong[1]!.slice(0, -1)},"started_at":1}`,
      `[${kong[0]}]`,
      kong[1]!.slice(0, 200),
      '{"request":{"method":"GET","uri":"/"},"response":{"status":200},"started_at":"soon"}',
    ]
    writeFileSync(file, `${[kong[0], ...bad, kong[1], '', kong[0]].join('\r\n')}\r\n`)
    const { metrics, events } = await dryRun(file, 'kong')
    expect(metrics).toMatchObject({
      lines_read: 8,
      parsed: 3,
      skipped: 0,
      shipped: 3,
      rejected: { too_complex: 1, malformed: 2, unknown_shape: 1, bad_timestamp: 1 },
    })
    expect(events.map((e) => e.path)).toEqual(['/get', '/example-route', '/get'])
  })
})
