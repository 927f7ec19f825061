// Requests and errors per event-time bucket, with empty buckets filled with zeros so a chart
// shows quiet periods as quiet.
import type { TrafficSeries } from '@gatewatch/schema'
import type { StoreClient } from '../store/client.js'
import { FINAL_SETTINGS } from './endpoints.js'

export interface TrafficQuery {
  /** Start, ms since the epoch (inclusive); default: a day before `to`. */
  from?: number | undefined
  /** End, ms since the epoch (exclusive); default: just after the newest stored event. */
  to?: number | undefined
  bucket_ms: number
  service?: string | undefined
}

export const MAX_TRAFFIC_POINTS = 10_000
const DAY_MS = 86_400_000

export class TrafficRangeError extends Error {
  override readonly name = 'TrafficRangeError'
}

/**
 * The default window ends at the newest event, not at the wall clock: a replayed log from last
 * year shows its own traffic.
 */
async function newestEvent(client: StoreClient): Promise<number | undefined> {
  const rows = await (
    await client.query({
      query: 'SELECT toUnixTimestamp64Milli(max(ts)) AS t, count() AS n FROM events',
      format: 'JSONEachRow',
    })
  ).json<{ t: number; n: number }>()
  return rows[0] && rows[0].n > 0 ? rows[0].t : undefined
}

export async function trafficSeries(client: StoreClient, q: TrafficQuery): Promise<TrafficSeries> {
  const bucket = q.bucket_ms
  let to = q.to
  if (to === undefined) {
    const newest = q.from === undefined ? await newestEvent(client) : undefined
    to = newest !== undefined ? newest + 1 : q.from !== undefined ? q.from + DAY_MS : Date.now()
  }
  const from = q.from ?? to - DAY_MS
  if (from >= to) throw new TrafficRangeError('from must be before to')
  if ((to - from) / bucket > MAX_TRAFFIC_POINTS) {
    throw new TrafficRangeError(
      `the range holds more than ${MAX_TRAFFIC_POINTS} buckets; use a larger bucket_ms`,
    )
  }
  const rows = await (
    await client.query({
      query: `
        SELECT
          intDiv(toUnixTimestamp64Milli(ts), {bucket:UInt64}) * {bucket:UInt64} AS t,
          count() AS requests,
          countIf(status >= 400) AS errors
        FROM events FINAL
        WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
          AND ({service:String} = '' OR service = {service:String})
        GROUP BY t
        ORDER BY t WITH FILL FROM intDiv({from:Int64}, {bucket:UInt64}) * {bucket:UInt64} TO {to:Int64} STEP {bucket:UInt64}`,
      query_params: { bucket, from, to, service: q.service ?? '' },
      format: 'JSONEachRow',
      clickhouse_settings: FINAL_SETTINGS,
    })
  ).json<{ t: number; requests: number; errors: number }>()
  return { bucket_ms: bucket, points: rows }
}
