// The alerts table: each update is a new row version (ReplacingMergeTree by `version`), read
// with FINAL so an id reads as its latest version. Every query takes parameters, never text.
import type { Alert, AlertList, OwaspCategory, Severity } from '@gatewatch/schema'
import type { StoreClient } from '../store/client.js'

interface AlertRow {
  id: string
  type: string
  severity: string
  owasp: string
  subject_kind: string
  subject_id: string
  subject_label: string
  status: string
  first_seen: number
  last_seen: number
  detected_at: number
  updated_at: number
  summary: string
  evidence: string
  version: number
}

// Aliases differ from the columns: ClickHouse would read an alias in WHERE as the column.
const COLUMNS = `id, type, severity, owasp, subject_kind, subject_id, subject_label, status,
  toUnixTimestamp64Milli(first_seen) AS first_ms, toUnixTimestamp64Milli(last_seen) AS last_ms,
  toUnixTimestamp64Milli(detected_at) AS detected_ms, toUnixTimestamp64Milli(updated_at) AS updated_ms,
  summary, evidence`

type SelectedRow = Omit<AlertRow, 'version' | 'first_seen' | 'last_seen' | 'detected_at' | 'updated_at'> & {
  first_ms: number
  last_ms: number
  detected_ms: number
  updated_ms: number
}

function toRow(alert: Alert, version: number): AlertRow {
  return {
    id: alert.id,
    type: alert.type,
    severity: alert.severity,
    owasp: alert.owasp,
    subject_kind: alert.subject.kind,
    subject_id: alert.subject.id,
    subject_label: alert.subject.label ?? '',
    status: alert.status,
    first_seen: alert.first_seen,
    last_seen: alert.last_seen,
    detected_at: alert.detected_at,
    updated_at: alert.updated_at,
    summary: alert.summary,
    evidence: JSON.stringify(alert.evidence),
    version,
  }
}

function fromRow(row: SelectedRow): Alert {
  return {
    id: row.id,
    type: row.type,
    severity: row.severity as Severity,
    owasp: row.owasp as OwaspCategory,
    subject: {
      kind: row.subject_kind as Alert['subject']['kind'],
      id: row.subject_id,
      ...(row.subject_label ? { label: row.subject_label } : {}),
    },
    status: row.status as Alert['status'],
    first_seen: row.first_ms,
    last_seen: row.last_ms,
    detected_at: row.detected_ms,
    updated_at: row.updated_ms,
    summary: row.summary,
    evidence: JSON.parse(row.evidence),
  }
}

export interface AlertFilters {
  type?: string | undefined
  severity?: Severity | undefined
  subject?: string | undefined
  status?: 'open' | 'resolved' | undefined
  /** Alerts whose evidence reaches into [from, to), event time ms. */
  from?: number | undefined
  to?: number | undefined
  limit: number
  offset: number
}

export interface AlertStore {
  /** The latest version of each of `ids` that exists. */
  load(ids: string[]): Promise<Map<string, Alert>>
  save(alerts: Alert[]): Promise<void>
  list(filters: AlertFilters): Promise<AlertList>
  get(id: string): Promise<Alert | undefined>
}

export function createAlertStore(client: StoreClient): AlertStore {
  let lastVersion = 0
  // Versions grow across restarts (wall-clock micros) and within one millisecond (a counter).
  const nextVersion = () => {
    lastVersion = Math.max(lastVersion + 1, Date.now() * 1000)
    return lastVersion
  }

  async function select(where: string, params: Record<string, unknown>, tail = ''): Promise<Alert[]> {
    const result = await client.query({
      query: `SELECT ${COLUMNS} FROM alerts FINAL WHERE ${where} ${tail}`,
      query_params: params,
      format: 'JSONEachRow',
    })
    return (await result.json<SelectedRow>()).map(fromRow)
  }

  return {
    async load(ids) {
      if (ids.length === 0) return new Map()
      const alerts = await select('id IN {ids:Array(String)}', { ids })
      return new Map(alerts.map((a) => [a.id, a]))
    },
    async save(alerts) {
      if (alerts.length === 0) return
      await client.insert({
        table: 'alerts',
        values: alerts.map((a) => toRow(a, nextVersion())),
        format: 'JSONEachRow',
      })
    },
    async list(f) {
      const conditions = ['1 = 1']
      const params: Record<string, unknown> = { limit: f.limit, offset: f.offset }
      if (f.type) {
        conditions.push('type = {type:String}')
        params.type = f.type
      }
      if (f.severity) {
        conditions.push('severity = {severity:String}')
        params.severity = f.severity
      }
      if (f.subject) {
        conditions.push('(subject_id = {subject:String} OR subject_label = {subject:String})')
        params.subject = f.subject
      }
      if (f.status) {
        conditions.push('status = {status:String}')
        params.status = f.status
      }
      if (f.from !== undefined) {
        conditions.push('last_seen >= fromUnixTimestamp64Milli({from:Int64})')
        params.from = f.from
      }
      if (f.to !== undefined) {
        conditions.push('first_seen < fromUnixTimestamp64Milli({to:Int64})')
        params.to = f.to
      }
      const where = conditions.join(' AND ')
      const alerts = await select(
        where,
        params,
        'ORDER BY last_ms DESC, id LIMIT {limit:UInt32} OFFSET {offset:UInt32}',
      )
      const counted = await client.query({
        query: `SELECT count() AS n FROM alerts FINAL WHERE ${where}`,
        query_params: params,
        format: 'JSONEachRow',
      })
      const [{ n }] = (await counted.json<{ n: number }>()) as [{ n: number }]
      return { alerts, total: n }
    },
    async get(id) {
      const [alert] = await select('id = {id:String}', { id })
      return alert
    },
  }
}
