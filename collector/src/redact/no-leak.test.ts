// The collector's privacy promise, tested end to end: the secret corpus, written in every log
// format, goes through every input (file, HTTP push, syslog over TCP) of one running collector
// that ships to a real HTTP receiver, and through the real bin's --dry-run. Nothing it ships,
// answers, logs, dead-letters, checkpoints, spools or serves on /metrics may hold a secret, in
// clear, URL-encoded or base64. And the test checks the secrets were really there to leak: each
// credential a format logs became a principal, and kept credential headers became fingerprints.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccessEvent } from '@gatewatch/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../log.js'
import { INPUT_FORMATS } from '../parsers/registry.js'
import { HTTP_INPUT_TOKEN, startCollector, waitFor } from '../testing/collector.js'
import { type IngestServer, startIngestServer } from '../testing/ingest-server.js'
import { CORPUS_FORMATS, type CorpusFormat, corpusFileLines } from './corpus-formats.js'
import { checkEvents, filesBelow, leaks, linesFor, REDACT } from './no-leak-checks.js'
import { CORPUS_REQUESTS, JWT } from './secret-corpus.js'

const SINK_TOKEN = 'no-leak-sink-token-0123456789'
const BIN = join(import.meta.dirname, '../../bin/gatewatch-collector.js')
const INPUTS = ['file', 'http', 'syslog'] as const
type InputType = (typeof INPUTS)[number]
/** A line longer than max_line_bytes that starts with a credential: rejected as too_long. */
const TOO_LONG = `{"http_authorization":"Bearer ${JWT}","pad":"${'x'.repeat(70_000)}"}`

let dir: string
let server: IngestServer | undefined
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-no-leak-'))
})
afterEach(async () => {
  await server?.close()
  server = undefined
  rmSync(dir, { recursive: true, force: true })
})

function inputYaml(f: CorpusFormat, input: InputType): string {
  const common = `  - name: ${input}-${f.format}
    format: ${f.format}
    parser: ${JSON.stringify(f.parser ?? {})}
`
  switch (input) {
    case 'file':
      return `${common}    type: file
    paths: [${join(dir, `${f.format}.log`)}]
    poll_interval_ms: 10
`
    case 'http':
      return `${common}    type: http
    listen: 127.0.0.1:0
    path: /push
    token_env: GATEWATCH_HTTP_INPUT_TOKEN
`
    default:
      return `${common}    type: syslog
    tcp: 127.0.0.1:0
`
  }
}

/** Sends lines as RFC 5424 messages over one TCP connection, octet-counted, and waits for the close. */
function sendSyslog(address: string, lines: string[]): Promise<void> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ]
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => {
      for (const line of lines) {
        const msg = `<134>1 2023-11-14T22:13:20Z lb1 gateway - - - ${line}`
        socket.write(`${Buffer.byteLength(msg)} ${msg}`)
      }
      socket.end()
    })
    socket.on('error', reject)
    socket.on('close', () => resolve())
  })
}

/** `gatewatch_collector_<name>{input="<input>"...}` values of a Prometheus text, summed. */
function metric(text: string, name: string, input: string): number {
  let sum = 0
  for (const line of text.split('\n')) {
    if (line.startsWith(`gatewatch_collector_${name}{`) && line.includes(`input="${input}"`))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return sum
}

describe('no secret of the corpus leaves the collector', () => {
  it('has the corpus in every format of the registry', () => {
    expect(CORPUS_FORMATS.map((f) => f.format).sort()).toEqual([...INPUT_FORMATS].sort())
  })

  it('through every format and every input: shipped events, push answers, logs, dead letters, state and /metrics', async () => {
    server = await startIngestServer(SINK_TOKEN)
    let tooLong = 0
    for (const f of CORPUS_FORMATS) {
      writeFileSync(join(dir, `${f.format}.log`), `${[...linesFor(f, 'file'), TOO_LONG].join('\n')}\n`)
      tooLong++
    }
    const logs: string[] = []
    const yaml = `collector_id: edge-1
state_dir: ${join(dir, 'state')}
log_level: debug
metrics: { listen: 127.0.0.1:0 }
sink: { url: ${server.url}, batch_max_wait_ms: 20, max_retries: 0 }
${REDACT}inputs:
${CORPUS_FORMATS.flatMap((f) => INPUTS.map((i) => inputYaml(f, i))).join('')}`
    const c = await startCollector(
      yaml,
      { GATEWATCH_INGEST_TOKEN: SINK_TOKEN },
      { log: createLogger('debug', (l) => logs.push(l)) },
    )
    const answers: string[] = []
    const auth = { authorization: `Bearer ${HTTP_INPUT_TOKEN}` }
    await Promise.all(
      CORPUS_FORMATS.map(async (f) => {
        const url = `http://${c.http(`http-${f.format}`).address()}/push`
        const body = `${[...linesFor(f, 'http'), TOO_LONG].join('\n')}\n`
        const res = await fetch(url, { method: 'POST', headers: auth, body })
        answers.push(await res.text())
        expect(res.status, f.format).toBe(200)
        // A body that is not the JSON array it starts as: refused whole, and the refusal quotes nothing.
        const bad = await fetch(url, {
          method: 'POST',
          headers: auth,
          body: `[{"authorization":"Bearer ${JWT}",`,
        })
        expect(bad.status).toBe(400)
        answers.push(await bad.text())
        await sendSyslog(c.syslog(`syslog-${f.format}`).addresses().tcp!, linesFor(f, 'syslog'))
      }),
    )
    tooLong += CORPUS_FORMATS.length
    const expectedLines = CORPUS_FORMATS.reduce(
      (n, f) => n + INPUTS.length * corpusFileLines(f, CORPUS_REQUESTS).length,
      tooLong,
    )
    const m = c.collector.metrics
    await waitFor(
      () => m.lines_read === expectedLines && m.shipped === m.parsed,
      `${expectedLines} lines read and every parsed event shipped`,
      60_000,
    )
    const metricsText = await (await fetch(`http://${c.collector.metricsAddress}/metrics`)).text()
    await c.stop()

    const deadLetters = readFileSync(join(dir, 'state/dead-letter.ndjson'), 'utf8').trim().split('\n')
    const everything = [
      ...server.bodies,
      ...answers,
      ...logs,
      ...filesBelow(join(dir, 'state')),
      metricsText,
    ].join('\n')
    expect(leaks(everything)).toEqual([])

    // The secrets were there to leak: each input rejected lines that held them, and shipped the rest.
    expect(m.rejected.too_long).toBe(tooLong)
    for (const f of CORPUS_FORMATS) {
      for (const input of INPUTS) {
        const name = `${input}-${f.format}`
        expect(metric(metricsText, 'lines_rejected_total', name), name).toBeGreaterThan(
          CORPUS_REQUESTS.length,
        )
        expect(metric(metricsText, 'events_shipped_total', name), name).toBeGreaterThanOrEqual(
          CORPUS_REQUESTS.length,
        )
        checkEvents(server.events, f, input)
      }
    }
    expect(deadLetters.length).toBe(Object.values(m.rejected).reduce((a, b) => a + b, 0))
    const samples = deadLetters.map((l) => JSON.parse(l) as { sample: string })
    expect(samples.filter((s) => s.sample.includes('[REDACTED]')).length).toBeGreaterThan(
      deadLetters.length / 2,
    )
    expect(logs.filter((l) => l.includes('A line was rejected.')).length).toBeGreaterThan(0)
  }, 120_000)

  it('through the real bin with --dry-run, for every format: stdout and stderr', async () => {
    for (const f of CORPUS_FORMATS)
      writeFileSync(join(dir, `${f.format}.log`), `${[...linesFor(f, 'file'), TOO_LONG].join('\n')}\n`)
    const config = join(dir, 'collector.yaml')
    writeFileSync(
      config,
      `collector_id: edge-1
log_level: debug
${REDACT}inputs:
${CORPUS_FORMATS.map((f) => inputYaml(f, 'file')).join('')}`,
    )
    const child = spawn(
      process.execPath,
      [BIN, '--config', config, '--dry-run', '--state-dir', join(dir, 'state')],
      {
        // No GATEWATCH_HMAC_KEY: the dry run fingerprints with a random key, and says so.
        env: { PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code, stderr.slice(-2000)).toBe(0)
    expect(leaks(`${stdout}\n${stderr}`)).toEqual([])
    const events = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AccessEvent)
    for (const f of CORPUS_FORMATS) checkEvents(events, f, 'file')
    expect(stderr).toContain('A line was rejected.')
    expect(stderr).toContain('random key')
  }, 120_000)
})
