// Real access logs from ../shared/data as stored rows, for the false-alert tests of the recon,
// BOLA, auth and injection detectors: Apache/nginx combined lines read with one regex (the
// analyzer does not depend on the collector), routes from the real templater, enriched (country,
// AS, user-agent family, bot) by the analyzer's real enricher as the pipeline does before the insert.
import { readFileSync } from 'node:fs'
import { sharedDataPath } from '@gatewatch/infra'
import { createEnricher, type Enricher } from '../../enrich/enricher.js'
import { routeTemplate } from '../../inventory/route-template.js'
import { type EventRow, toEventRow } from '../../store/event-row.js'
import { eventId } from '../../testing/index.js'

const COMBINED =
  /^(\S+) \S+ \S+ \[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "(\S+) (\S+) [^"]*" (\d{3}) (\S+) "[^"]*" "([^"]*)"/
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

let enricher: Enricher | undefined

/** The rows of a combined-format log; lines that do not parse are skipped (the parsers' tests cover them). */
export function combinedLogRows(...file: string[]): EventRow[] {
  const rows: EventRow[] = []
  const lines = readFileSync(sharedDataPath(...file), 'utf8').split('\n')
  lines.forEach((line, n) => {
    const m = COMBINED.exec(line)
    if (!m) return
    const [, ip, day, month, year, hh, mm, ss, zone, method, target, status, bytes, ua] = m
    const offset =
      (Number(zone!.slice(0, 3)) * 60 + Math.sign(Number(zone)) * Number(zone!.slice(3))) * 60_000
    const ts =
      Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(hh), Number(mm), Number(ss)) - offset
    const q = target!.indexOf('?')
    const path = q === -1 ? target! : target!.slice(0, q)
    const event = {
      v: 1 as const,
      event_id: eventId(`${file.join('/')}:${n}`),
      ts,
      collector: 'real-logs',
      service: file[0]!,
      host: '',
      method: method!,
      path,
      query: q === -1 ? '' : target!.slice(q + 1),
      status: Number(status),
      response_bytes: bytes === '-' ? 0 : Number(bytes),
      client_ip: ip!,
      forwarded_for: [],
      user_agent: ua!,
      principal: { kind: 'none' as const },
    }
    enricher ??= createEnricher()
    rows.push(enricher.enrich(toEventRow(event, routeTemplate(path))))
  })
  return rows
}
