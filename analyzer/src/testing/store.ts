// What a user checks to trust the store after a fault: raw rows (no FINAL), distinct event ids,
// the rollups' request totals, and the dead letters by reason. Equal raw and distinct counts mean
// nothing was inserted twice; rollups equal to them mean no materialized view double counted.
import type { StoreClient } from '../store/client.js'

export interface StoreCounts {
  raw: number
  distinct: number
  endpointMinute: number
  /** The inventory's day and whole-history rollups (migrations 021, 022). */
  endpointDay: number
  endpointTotal: number
  principalHour: number
  principalDay: number
  principalTotal: number
  /** Events with a principal fingerprint: what principal_hour must total. */
  withPrincipal: number
  ipHour: number
  deadLetters: Record<string, number>
}

export async function storeCounts(client: StoreClient): Promise<StoreCounts> {
  const one = async (query: string) =>
    (await (await client.query({ query, format: 'JSONEachRow' })).json<{ n: number }>())[0]!.n
  const reasons = await (
    await client.query({
      query: 'SELECT reason, count() AS n FROM dead_letters GROUP BY reason ORDER BY reason',
      format: 'JSONEachRow',
    })
  ).json<{ reason: string; n: number }>()
  return {
    raw: await one('SELECT count() AS n FROM events'),
    distinct: await one('SELECT uniqExact(event_id) AS n FROM events'),
    endpointMinute: await one('SELECT sum(requests) AS n FROM endpoint_minute'),
    endpointDay: await one('SELECT sum(requests) AS n FROM endpoint_day'),
    endpointTotal: await one('SELECT sum(requests) AS n FROM endpoint_total'),
    principalHour: await one('SELECT sum(requests) AS n FROM principal_hour'),
    principalDay: await one('SELECT sum(requests) AS n FROM principal_day'),
    principalTotal: await one('SELECT sum(requests) AS n FROM principal_total'),
    withPrincipal: await one("SELECT count() AS n FROM events WHERE principal_fingerprint != ''"),
    ipHour: await one('SELECT sum(requests) AS n FROM ip_hour'),
    deadLetters: Object.fromEntries(reasons.map((r) => [r.reason, r.n])),
  }
}

/** The counts of a store holding exactly `events` distinct events, each once, and these dead letters. */
export function exactCounts(
  events: number,
  withPrincipal: number,
  deadLetters: Record<string, number> = {},
): StoreCounts {
  return {
    raw: events,
    distinct: events,
    endpointMinute: events,
    endpointDay: events,
    endpointTotal: events,
    principalHour: withPrincipal,
    principalDay: withPrincipal,
    principalTotal: withPrincipal,
    withPrincipal,
    ipHour: events,
    deadLetters,
  }
}
