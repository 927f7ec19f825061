import { readFileSync } from 'node:fs'
import { caddyJson } from '../src/parsers/caddy-json/index.js'
const lines = readFileSync('/work/shared/data/lnav-format-samples/logfile_caddy_log.0', 'utf8').split('\n').filter(Boolean)
for (const l of lines) { const r = caddyJson.parse(l); if (r.ok !== 'skip') console.log(JSON.stringify(r).slice(0, 150), '|', l.slice(0, 120)) }
console.log(lines.length)
