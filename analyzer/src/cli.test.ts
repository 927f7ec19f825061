// The gatewatch-analyzer command as a user runs it: one JSON ready line on stdout (with the
// generated admin token), a real HTTP listener, and a graceful exit on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, INGEST_TOKEN, makeEvent, ndjson, tempDir } from './testing/index.js'

const bin = new URL('../bin/gatewatch-analyzer.js', import.meta.url).pathname
const dir = tempDir()
const children: ChildProcess[] = []

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  dir.remove()
})

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const k of Object.keys(env)) if (k.startsWith('GATEWATCH_') || k === 'CLICKHOUSE_URL') delete env[k]
  return { ...env, ...extra }
}

async function startCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  const stdout: string[] = []
  const lines = createInterface({ input: child.stdout! })
  const ready = new Promise<Record<string, string>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`analyzer exited with ${code} before it was ready`)))
    lines.on('line', (line) => {
      stdout.push(line)
      if (stdout.length === 1) resolve(JSON.parse(line))
    })
  })
  return { child, ready: await ready, stdout }
}

describe('gatewatch-analyzer', () => {
  it('prints one ready line with a generated admin token, serves HTTP, and stops on SIGTERM', async () => {
    const { child, ready, stdout } = await startCli(
      ['--port', '0', '--data-dir', join(dir.path, 'a'), '--log-level', 'warn'],
      cleanEnv({ GATEWATCH_INGEST_TOKEN: INGEST_TOKEN }),
    )
    expect(ready.msg).toBe('listening')
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(ready.admin_token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(ready).not.toHaveProperty('ingest_token')

    const health = await fetch(`${ready.url}/api/v1/health`)
    expect(await health.json()).toMatchObject({ status: 'ok', clickhouse: 'up' })
    const ingest = await fetch(`${ready.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: ndjson([makeEvent('cli-1'), makeEvent('cli-2')]),
    })
    expect(await ingest.json()).toEqual({ accepted: 2, rejected: 0, reasons: [] })
    const endpoints = await fetch(`${ready.url}/api/v1/endpoints`, {
      headers: { authorization: `Bearer ${ready.admin_token}` },
    })
    expect(((await endpoints.json()) as { total_requests: number }).total_requests).toBe(2)

    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    expect(stdout).toHaveLength(1)
  })

  it('prints no token it did not generate, and keeps the data across restarts', async () => {
    const env = cleanEnv({ GATEWATCH_ADMIN_TOKEN: ADMIN_TOKEN, GATEWATCH_INGEST_TOKEN: INGEST_TOKEN })
    const { child, ready } = await startCli(
      ['--port', '0', '--data-dir', join(dir.path, 'a'), '--log-level', 'warn'],
      env,
    )
    expect(Object.keys(ready).sort()).toEqual(['msg', 'url'])
    const health = (await (await fetch(`${ready.url}/api/v1/health`)).json()) as { events_stored: number }
    expect(health.events_stored).toBe(2)
    child.kill('SIGTERM')
    expect((await once(child, 'exit'))[0]).toBe(0)
  })

  it('exits 1 with a message naming the key on a bad config', async () => {
    const child = spawn(process.execPath, [bin, '--port', 'http'], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    let stderr = ''
    child.stderr!.on('data', (d) => {
      stderr += d
    })
    const [code] = await once(child, 'exit')
    expect(code).toBe(1)
    expect(stderr).toMatch(/--port must be a number/)
  })
})
