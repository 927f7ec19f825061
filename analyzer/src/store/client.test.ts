// The embedded store survives a hard kill: after SIGKILL of a process that was writing, a new
// process opens the same directory and finds every acknowledged row. A live process holding the
// directory makes a second one fail with a message that says so.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/index.js'
import { createStoreClient, StoreOpenError } from './client.js'

const dir = tempDir()
const dataDir = join(dir.path, 'ch')
const writer = new URL('./fixtures/writer.ts', import.meta.url).pathname
const children: ChildProcess[] = []

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  dir.remove()
})

/** Starts the writer child; resolves with it once it reports `acked` rows at least `n` times. */
async function startWriter(minAcks: number): Promise<{ child: ChildProcess; acked: () => number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  let acked = 0
  const lines = createInterface({ input: child.stdout! })
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)))
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as { acked: number }
      acked = msg.acked
      if (acked >= minAcks) resolve()
    })
  })
  return { child, acked: () => acked }
}

describe('embedded store and SIGKILL', () => {
  it('reopens the directory after the writing process was killed, with every acknowledged row', async () => {
    const { child, acked } = await startWriter(20)
    // A second process cannot open the directory while the first lives.
    expect(() => createStoreClient({ dataDir })).toThrow(StoreOpenError)
    expect(() => createStoreClient({ dataDir })).toThrow(`is in use by another process (pid ${child.pid})`)
    child.kill('SIGKILL')
    await once(child, 'exit')
    const ackedBeforeKill = acked()

    const client = createStoreClient({ dataDir })
    const [row] = await (
      await client.query({ query: 'SELECT count() AS n FROM kill_test', format: 'JSONEachRow' })
    ).json<{ n: number }>()
    // Every acknowledged insert is there; one more may have landed between its ack and the kill.
    expect(row!.n).toBeGreaterThanOrEqual(ackedBeforeKill * 100)
    expect(row!.n % 100).toBe(0)
    await client.insert({ table: 'kill_test', values: [{ id: 1 }], format: 'JSONEachRow' })
    await client.close()
  })
})
