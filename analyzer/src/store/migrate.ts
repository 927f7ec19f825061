// Versioned schema migrations: files migrations/NNN_name.sql applied in order at start, each
// recorded in schema_migrations so running them again changes nothing.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { StoreClient } from './client.js'

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))

export interface Migration {
  version: number
  name: string
  statements: string[]
  checksum: string
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

/** Reads migrations/NNN_name.sql; a file may hold several statements, each ending with `;` at a line end. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
  const seen = new Set<number>()
  return files.map((file) => {
    const match = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file)
    if (!match) throw new MigrationError(`migration file ${file} must be named NNN_name.sql`)
    const version = Number(match[1])
    if (seen.has(version)) throw new MigrationError(`two migrations have version ${match[1]}`)
    seen.add(version)
    const text = readFileSync(`${dir}/${file}`, 'utf8')
    const statements = text
      .split(/;\s*$/m)
      .map((s) => s.trim())
      .filter((s) => s.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')))
    return {
      version,
      name: match[2]!,
      statements,
      checksum: createHash('sha256').update(text).digest('hex').slice(0, 16),
    }
  })
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations
(
    version    UInt32,
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY version`

/**
 * Applies the migrations not yet recorded, in version order, and returns the versions applied.
 * Every statement is `IF NOT EXISTS`-safe, so two analyzers racing at start on one server end in
 * the same schema. A recorded migration whose file changed since is refused: write a new one.
 */
export async function migrate(client: StoreClient, migrations = readMigrations()): Promise<number[]> {
  await client.command({ query: CREATE_MIGRATIONS_TABLE })
  const rows = await (
    await client.query({
      query: 'SELECT version, name, checksum FROM schema_migrations',
      format: 'JSONEachRow',
    })
  ).json<{ version: number; name: string; checksum: string }>()
  const applied = new Map(rows.map((r) => [r.version, r]))
  const done: number[] = []
  for (const m of migrations) {
    const before = applied.get(m.version)
    if (before) {
      if (before.checksum !== m.checksum) {
        throw new MigrationError(
          `migration ${String(m.version).padStart(3, '0')}_${m.name}.sql changed after it was applied; add a new migration instead`,
        )
      }
      continue
    }
    for (const statement of m.statements) {
      try {
        await client.command({ query: statement })
      } catch (err) {
        throw new MigrationError(
          `migration ${String(m.version).padStart(3, '0')}_${m.name}.sql failed: ${(err as Error).message}`,
          { cause: err },
        )
      }
    }
    await client.insert({
      table: 'schema_migrations',
      values: [{ version: m.version, name: m.name, checksum: m.checksum }],
      format: 'JSONEachRow',
    })
    done.push(m.version)
  }
  return done
}
