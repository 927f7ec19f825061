// The webhook outbox and its dispatcher. A new or escalated alert is written to webhook_outbox
// (one row per matching receiver) before the batch that raised it is acknowledged; the dispatcher
// POSTs due deliveries, signed, and retries failures with doubling delays until max_attempts.
import { createHash } from 'node:crypto'
import type { Alert, Severity } from '@gatewatch/schema'
import type { StoreClient } from '../store/client.js'
import type { WebhookReceiver, WebhooksConfig } from './config.js'
import { sign } from './signature.js'

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 }
const MAX_DELAY_MS = 10 * 60 * 1000

export type AlertEvent = 'alert.new' | 'alert.escalated'

interface OutboxRow {
  id: string
  receiver: string
  alert_id: string
  event: string
  payload: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: number
  last_error: string
  created_at: number
  version: number
}

export interface DeliveryLog {
  warn(obj: object, msg: string): void
}

export interface WebhookOutbox {
  /** Queues `alert` for every receiver that wants it. */
  enqueue(alert: Alert, event: AlertEvent): Promise<void>
  /** Sends what is due now; returns how many deliveries were tried. */
  dispatch(): Promise<number>
  start(): void
  stop(): Promise<void>
  /** Counts by status, for tests and metrics. */
  counts(): Promise<Record<string, number>>
}

function wants(receiver: WebhookReceiver, alert: Alert): boolean {
  if (RANK[alert.severity] < RANK[receiver.min_severity as Severity]) return false
  if (receiver.types.length === 0) return true
  return receiver.types.some((t) =>
    t.endsWith('.*') ? alert.type.startsWith(t.slice(0, -1)) : t === alert.type,
  )
}

export function createWebhookOutbox(
  client: StoreClient,
  config: WebhooksConfig,
  log?: DeliveryLog,
  now: () => number = Date.now,
): WebhookOutbox {
  const receivers = new Map(config.receivers.map((r) => [r.name, r]))
  let version = 0
  const nextVersion = () => {
    version = Math.max(version + 1, now() * 1000)
    return version
  }
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined

  async function write(rows: Omit<OutboxRow, 'version'>[]): Promise<void> {
    if (rows.length === 0) return
    await client.insert({
      table: 'webhook_outbox',
      values: rows.map((r) => ({ ...r, version: nextVersion() })),
      format: 'JSONEachRow',
    })
  }

  async function deliver(row: OutboxRow): Promise<Omit<OutboxRow, 'version'>> {
    const receiver = receivers.get(row.receiver)
    const attempts = row.attempts + 1
    const { version: _, ...base } = row
    if (!receiver) return { ...base, attempts, status: 'failed', last_error: 'receiver no longer configured' }
    let error = ''
    try {
      const response = await fetch(receiver.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'gatewatch-webhooks/1',
          'x-gatewatch-delivery': row.id,
          'x-gatewatch-event': row.event,
          'x-gatewatch-signature': sign(receiver.secret, row.payload, Math.floor(now() / 1000)),
        },
        body: row.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeout_ms),
      })
      await response.body?.cancel()
      if (response.status >= 200 && response.status < 300) {
        return { ...base, attempts, status: 'delivered', last_error: '' }
      }
      error = `HTTP ${response.status}`
    } catch (err) {
      error =
        (err as Error).name === 'TimeoutError'
          ? `timed out after ${config.timeout_ms} ms`
          : (err as Error).message
    }
    const failed = attempts >= config.max_attempts
    log?.warn(
      { receiver: receiver.name, delivery: row.id, attempts, error },
      failed ? 'Webhook delivery failed for good.' : 'Webhook delivery failed; it will be retried.',
    )
    const delay = Math.min(config.retry_base_ms * 2 ** (attempts - 1), MAX_DELAY_MS)
    return {
      ...base,
      attempts,
      status: failed ? 'failed' : 'pending',
      next_attempt_at: now() + delay,
      last_error: error.slice(0, 500),
    }
  }

  async function dispatch(): Promise<number> {
    const result = await client.query({
      // Aliases differ from the columns: ClickHouse would read an alias in WHERE as the column.
      query: `SELECT id, receiver, alert_id, event, payload, status, attempts,
                toUnixTimestamp64Milli(next_attempt_at) AS next_ms, last_error,
                toUnixTimestamp64Milli(created_at) AS created_ms
              FROM webhook_outbox FINAL
              WHERE status = 'pending' AND next_attempt_at <= fromUnixTimestamp64Milli({now:Int64})
              ORDER BY created_at LIMIT 100`,
      query_params: { now: now() },
      format: 'JSONEachRow',
    })
    const due = (
      await result.json<
        Omit<OutboxRow, 'next_attempt_at' | 'created_at' | 'version'> & {
          next_ms: number
          created_ms: number
        }
      >()
    ).map(
      ({ next_ms, created_ms, ...row }): OutboxRow => ({
        ...row,
        next_attempt_at: next_ms,
        created_at: created_ms,
        version: 0,
      }),
    )
    const outcomes = await Promise.all(due.map(deliver))
    await write(outcomes)
    return due.length
  }

  const tick = () => {
    running ??= dispatch()
      .catch((err) => {
        log?.warn({ err }, 'Checking the webhook outbox failed; it is checked again shortly.')
        return 0
      })
      .finally(() => {
        running = undefined
        if (timer) timer = setTimeout(tick, config.poll_ms)
      })
  }

  return {
    async enqueue(alert, event) {
      const at = now()
      const rows = config.receivers
        .filter((r) => wants(r, alert))
        .map((r) => {
          const id = createHash('sha256')
            .update(`${r.name}\n${alert.id}\n${event}\n${alert.updated_at}`)
            .digest('hex')
            .slice(0, 32)
          return {
            id,
            receiver: r.name,
            alert_id: alert.id,
            event,
            payload: JSON.stringify({ id, event, alert }),
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: at,
            last_error: '',
            created_at: at,
          }
        })
      await write(rows)
    },
    dispatch,
    start() {
      if (timer || config.receivers.length === 0) return
      timer = setTimeout(tick, config.poll_ms)
    },
    async stop() {
      if (timer) clearTimeout(timer)
      timer = undefined
      await running
    },
    async counts() {
      const result = await client.query({
        query: 'SELECT status, count() AS n FROM webhook_outbox FINAL GROUP BY status',
        format: 'JSONEachRow',
      })
      return Object.fromEntries(
        (await result.json<{ status: string; n: number }>()).map((r) => [r.status, r.n]),
      )
    },
  }
}
