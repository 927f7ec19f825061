// Reads alerts the way a user does: GET /api/v1/alerts with the admin token, page by page.
import type { Alert, AlertList } from '@gatewatch/schema'
import type { FastifyInstance } from 'fastify'

export type AlertsRead = { api: 'present'; alerts: Alert[] } | { api: 'absent'; status: number }

const PAGE = 500

export async function readAlerts(app: FastifyInstance, adminToken: string): Promise<AlertsRead> {
  const alerts: Alert[] = []
  for (let offset = 0; ; offset += PAGE) {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/alerts?limit=${PAGE}&offset=${offset}`,
      headers: { authorization: `Bearer ${adminToken}` },
    })
    if (res.statusCode === 404 && offset === 0) return { api: 'absent', status: 404 }
    if (res.statusCode !== 200)
      throw new Error(`GET /api/v1/alerts answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
    const page = res.json() as AlertList
    alerts.push(...page.alerts)
    if (page.alerts.length < PAGE || alerts.length >= page.total) return { api: 'present', alerts }
  }
}

/**
 * Alerts once they stop changing: detection runs after each stored batch, but an engine may write
 * its alerts a moment later, so the list is read until two reads a second apart agree (30 s at most).
 */
export async function settledAlerts(app: FastifyInstance, adminToken: string): Promise<AlertsRead> {
  let previous = await readAlerts(app, adminToken)
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const next = await readAlerts(app, adminToken)
    const same =
      next.api === previous.api &&
      (next.api === 'absent' ||
        (previous.api === 'present' &&
          JSON.stringify(next.alerts.map((a) => [a.id, a.last_seen])) ===
            JSON.stringify(previous.alerts.map((a) => [a.id, a.last_seen]))))
    previous = next
    if (same) break
  }
  return previous
}
