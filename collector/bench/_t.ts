import { readFileSync } from 'node:fs'
import { apacheCombined } from '../src/parsers/apache-combined/index.js'
import { apacheCommon } from '../src/parsers/apache-common/index.js'
const lines = readFileSync('/work/shared/data/elastic-apache-logs/apache_logs', 'utf8').split('\n').filter(Boolean)
let ok = 0
const bad: Record<string, number> = {}
for (const l of lines) { const r = apacheCombined.parse(l); if (r.ok === true) ok++; else if (r.ok === false) { bad[r.detail] = (bad[r.detail] ?? 0) + 1; if (bad[r.detail] < 3) console.log(r.detail, '|', l.slice(0, 300)) } }
console.log(ok, lines.length, bad)
console.log(JSON.stringify(apacheCombined.parse(lines[0]!)))
console.log(JSON.stringify(apacheCommon.parse('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326')))
