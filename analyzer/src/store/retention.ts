// Applies the configured retention (days after ingestion) to the event and dead-letter tables,
// only when it differs from what was applied before, so a plain restart rewrites nothing.
import type { StoreClient } from './client.js'

const TABLES = ['events', 'dead_letters'] as const

/** Sets the TTL of the stored tables to `days` days after ingestion; returns true if it changed. */
export async function applyRetention(client: StoreClient, days: number): Promise<boolean> {
  const rows = await (
    await client.query({
      query: "SELECT value FROM store_settings FINAL WHERE key = 'retention_days'",
      format: 'JSONEachRow',
    })
  ).json<{ value: string }>()
  if (rows[0]?.value === String(days)) return false
  for (const table of TABLES) {
    const column = table === 'events' ? 'ingested_at' : 'received_at'
    // Table and column names come from the constant list above; the number is a query parameter.
    await client.command({
      query: `ALTER TABLE ${table} MODIFY TTL toDateTime(${column}) + toIntervalDay({days:UInt32})`,
      query_params: { days },
      // Recomputing TTL over every existing part at start could take minutes on a large store;
      // parts pick up the new TTL as they merge.
      clickhouse_settings: { materialize_ttl_after_modify: 0 },
    })
  }
  await client.insert({
    table: 'store_settings',
    values: [{ key: 'retention_days', value: String(days) }],
    format: 'JSONEachRow',
  })
  return true
}
