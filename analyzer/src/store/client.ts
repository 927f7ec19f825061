// The one place that creates the ClickHouse client: the embedded engine (chdb) by default, a
// server when a URL is given. Both go through @clickhouse/client, so every query is the same code.
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  type ClickHouseClient,
  ClickHouseLogLevel,
  type ClickHouseSettings,
  createClient,
} from '@clickhouse/client'
import { createChdbConnection } from 'chdb/connection'

export type StoreClient = ClickHouseClient

type ClientConnection = NonNullable<Parameters<typeof createClient>[0]>['connection']

export interface StoreOptions {
  /** Directory of the embedded engine; ignored when `url` is set. */
  dataDir: string
  /** ClickHouse server URL; when set the embedded engine is not loaded. */
  url?: string | undefined
}

/**
 * Settings that make both engines answer alike: 64-bit integers as JSON numbers (our counts stay
 * far below 2^53), synchronous inserts so an acknowledged batch is stored, and UTC everywhere.
 */
export const CLICKHOUSE_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_denormals: 0,
  async_insert: 0,
  wait_end_of_query: 1,
  session_timezone: 'UTC',
}

/**
 * The live process that holds the data directory, if any. chdb reports a held lock only on
 * stderr, so we read the PID it wrote to `<dir>/status`; the file outlives a killed process, so the
 * PID counts only if that process still runs.
 */
function lockHolder(path: string): number | undefined {
  try {
    const pid = Number(/^PID: (\d+)/m.exec(readFileSync(join(path, 'status'), 'utf8'))?.[1])
    if (!pid || pid === process.pid) return undefined
    process.kill(pid, 0)
    return pid
  } catch {
    return undefined
  }
}

export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError'
}

/**
 * Opens the store. chdb binds one data directory per process and takes a file lock on it
 * (`<dir>/status`); the kernel drops that lock when the process dies, even by SIGKILL, so a
 * restarted analyzer reopens the directory (tested in client.test.ts). A second live process on
 * the same directory is refused, and we say so in words.
 */
export function createStoreClient(options: StoreOptions): StoreClient {
  if (options.url) {
    return createClient({
      url: options.url,
      clickhouse_settings: CLICKHOUSE_SETTINGS,
      request_timeout: 60_000,
      // Failures surface as rejected promises that the caller logs once, with context.
      log: { level: ClickHouseLogLevel.OFF },
    })
  }
  const path = resolve(options.dataDir)
  mkdirSync(path, { recursive: true })
  let connection: ClientConnection
  try {
    // chdb declares the Connection interface of its own copy of @clickhouse/client-common; the
    // shapes are the same, only the declaration files differ by a patch version.
    connection = createChdbConnection({ path }) as unknown as ClientConnection
  } catch (err) {
    const holder = lockHolder(path)
    throw new StoreOpenError(
      holder !== undefined
        ? `data_dir ${path} is in use by another process (pid ${holder}); embedded ClickHouse allows one process per directory: stop it or choose another --data-dir`
        : `cannot open embedded ClickHouse at ${path}: ${(err as Error).message}`,
      { cause: err },
    )
  }
  // Insert bodies the patched connection writes for FROM INFILE (patches/chdb@3.4.0.patch); one
  // left by a killed process is garbage (its batch was stored or will be redelivered), and this
  // process now holds the directory's lock, so none is in use.
  rmSync(join(path, 'insert_bodies'), { recursive: true, force: true })
  return createClient({
    connection,
    clickhouse_settings: CLICKHOUSE_SETTINGS,
    log: { level: ClickHouseLogLevel.OFF },
  })
}
