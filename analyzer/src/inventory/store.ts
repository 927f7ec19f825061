// What the inventory keeps in ClickHouse besides events (migration 020): learned route templates,
// imported specs and the audit log. Writes are small and rare (a template learned, an admin's
// change), so each is one insert; reads use FINAL on these small tables.
import type { StoreClient } from '../store/client.js'
import type { ApiSpec, SpecOperation } from './spec.js'
import type { LearnedTemplate } from './templater.js'

export interface AuditEntry {
  ts: number
  actor: string
  action: string
  target: string
  /** JSON: the values before and after. */
  detail: string
}

export async function loadTemplates(client: StoreClient): Promise<LearnedTemplate[]> {
  return (
    await client.query({
      query: `SELECT id, service, prefix, name, status, kept, distinct, toUnixTimestamp64Milli(updated_at) AS updated_at
              FROM route_templates FINAL ORDER BY service, prefix`,
      format: 'JSONEachRow',
    })
  ).json<LearnedTemplate>()
}

export async function saveTemplate(client: StoreClient, t: LearnedTemplate): Promise<void> {
  await client.insert({ table: 'route_templates', values: [t], format: 'JSONEachRow' })
}

export async function loadSpecs(client: StoreClient): Promise<ApiSpec[]> {
  const rows = await (
    await client.query({
      query: `SELECT service, title, version, operations, toUnixTimestamp64Milli(imported_at) AS imported_at
              FROM api_specs FINAL ORDER BY service`,
      format: 'JSONEachRow',
    })
  ).json<Omit<ApiSpec, 'operations'> & { operations: string }>()
  return rows.map((r) => ({ ...r, operations: JSON.parse(r.operations) as SpecOperation[] }))
}

export async function saveSpec(client: StoreClient, spec: ApiSpec): Promise<void> {
  await client.insert({
    table: 'api_specs',
    values: [{ ...spec, operations: JSON.stringify(spec.operations) }],
    format: 'JSONEachRow',
  })
}

export async function audit(client: StoreClient, entry: AuditEntry): Promise<void> {
  await client.insert({ table: 'audit_log', values: [entry], format: 'JSONEachRow' })
}

export async function listAudit(
  client: StoreClient,
  q: { target?: string | undefined; limit: number },
): Promise<AuditEntry[]> {
  return (
    await client.query({
      query: `SELECT toUnixTimestamp64Milli(ts) AS ts, actor, action, target, detail FROM audit_log
              WHERE ({target:String} = '' OR target = {target:String})
              ORDER BY ts DESC LIMIT {limit:UInt32}`,
      query_params: { target: q.target ?? '', limit: q.limit },
      format: 'JSONEachRow',
    })
  ).json<AuditEntry>()
}
