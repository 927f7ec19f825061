// The real public access logs of ../shared/data as stored rows: each line through the collector's
// parser and normalizer (redaction and fingerprints included), the analyzer's route templating and
// enrichment (country, AS, user-agent family, bot), as the pipeline would store it. Used to measure false alerts of the detectors on real traffic.
import { readFileSync } from 'node:fs'
import { createNormalizer, createParser, createRedactor, type ParserOptions } from '@gatewatch/collector'
import { sharedDataPath } from '@gatewatch/infra'
import { createEnricher, type Enricher } from '../../enrich/enricher.js'
import { routeTemplate } from '../../inventory/route-template.js'
import { type EventRow, toEventRow } from '../../store/event-row.js'

export interface RealLog {
  file: string
  format: string
  options?: ParserOptions
  /** The service name a collector beside this gateway would be configured with (the lines name none). */
  service: string
}

/** The shared logs that hold HTTP requests, with the format that parses each (as the collector's real-log test). */
export const REAL_LOGS: RealLog[] = [
  { file: 'elastic-apache-logs/apache_logs', format: 'apache-combined', service: 'semicomplete' },
  { file: 'lnav-format-samples/logfile_shop_access_log.0', format: 'nginx-combined', service: 'shop' },
  { file: 'lnav-format-samples/logfile_access_log.0', format: 'apache-combined', service: 'apache' },
  {
    file: 'lnav-format-samples/logfile_haproxy.0',
    format: 'haproxy',
    options: { haproxy: { capture_request_headers: ['User-Agent'] } },
    service: 'haproxy',
  },
  { file: 'lnav-format-samples/logfile_caddy_log.0', format: 'caddy-json', service: 'caddy' },
  { file: 'lnav-format-samples/logfile_caddy_log.1', format: 'caddy-json', service: 'caddy' },
  { file: 'lnav-format-samples/logfile_w3c_big.0', format: 'iis-w3c', service: 'iis' },
]

const redactor = createRedactor({ hmacKey: 'real-logs-test-hmac-key-0123456789' })
let enricher: Enricher | undefined

/** The rows of one real log, in file order (lines the parser refuses or skips are left out). */
export function realLogRows(log: RealLog): EventRow[] {
  enricher ??= createEnricher()
  const parser = createParser(log.format, log.options ?? {})
  const normalize = createNormalizer({ collectorId: 'real-logs', service: log.service, redactor })
  const rows: EventRow[] = []
  let offset = 0
  for (const line of readFileSync(sharedDataPath(...log.file.split('/')), 'utf8').split('\n')) {
    const r = parser.parse(line)
    if (r.ok === true) {
      const event = normalize(r.record, { sourceId: log.file, offset })
      rows.push(enricher.enrich(toEventRow(event, routeTemplate(event.path))))
    }
    offset += Buffer.byteLength(line) + 1
  }
  return rows
}
