// The templater with state: spec templates win, high-cardinality children are learned as
// {param} while real names stay, memory is bounded, and admin changes apply.
import { readFileSync } from 'node:fs'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import { parseSpec } from './spec.js'
import { type LearnedTemplate, Templater } from './templater.js'

const YAML = readFileSync(new URL('./fixtures/shop-openapi.yaml', import.meta.url), 'utf8')
const slugs = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `${['blue', 'red', 'oak'][i % 3]}-chair-model-${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
  )

describe('Templater', () => {
  it('uses the spec template for known routes and the rules elsewhere', async () => {
    const t = new Templater()
    t.setSpec({ service: 'shop', imported_at: 0, ...(await parseSpec(YAML)) })
    expect(t.template('shop', 'GET', '/v2/orders/42?x=1')).toBe('/v2/orders/{order_id}')
    expect(t.template('shop', 'GET', '/v1/stores')).toBe('/v1/stores')
    expect(t.template('shop', 'GET', '/v1/orders/42')).toBe('/v1/orders/{id:int}')
    // another service has no spec: the rules answer
    expect(t.template('accounts', 'GET', '/v2/orders/42')).toBe('/v2/orders/{id:int}')
    expect(t.specStatus('shop', 'GET', '/v2/orders/{order_id}')).toBe('documented')
    expect(t.specStatus('shop', 'GET', '/v1/orders/{id:int}')).toBe('zombie')
    expect(t.specStatus('accounts', 'GET', '/v2/orders/{id:int}')).toBe('unspecified')
  })

  it('learns a high-cardinality segment as {param}, keeps frequent and reserved names, and says so once', () => {
    const learned: LearnedTemplate[] = []
    const t = new Templater(
      { learnThreshold: 20 },
      (l) => learned.push(l),
      () => 1234,
    )
    const routes = new Set<string>()
    for (let round = 0; round < 3; round++) {
      for (const slug of slugs(30)) {
        routes.add(t.template('catalog', 'GET', `/v1/products/${slug}`))
        // a name many callers use, interleaved with the values
        routes.add(t.template('catalog', 'GET', '/v1/products/featured'))
      }
    }
    routes.add(t.template('catalog', 'GET', '/v1/products/me'))
    expect(learned).toHaveLength(1)
    expect(learned[0]).toMatchObject({
      service: 'catalog',
      prefix: '/v1/products',
      name: 'param',
      status: 'learned',
      kept: ['featured'],
      distinct: 21,
      updated_at: 1234,
    })
    expect(t.template('catalog', 'GET', '/v1/products/green-lamp')).toBe('/v1/products/{param}')
    expect(t.template('catalog', 'GET', '/v1/products/green-lamp.json')).toBe('/v1/products/{param}.json')
    expect(t.template('catalog', 'GET', '/v1/products/featured')).toBe('/v1/products/featured')
    expect(t.template('catalog', 'GET', '/v1/products/me')).toBe('/v1/products/me')
    expect(t.template('catalog', 'GET', '/v1/products/42/reviews')).toBe('/v1/products/{id:int}/reviews')
    // the same prefix in another service is not learned
    expect(t.template('shop', 'GET', '/v1/products/green-lamp')).toBe('/v1/products/green-lamp')
    // rows stored before learning map onto the template
    expect(t.retemplate('catalog', '/v1/products/blue-chair-model-aa')).toBe('/v1/products/{param}')
    expect(t.retemplate('catalog', '/v1/products/featured')).toBe('/v1/products/featured')
  })

  it('never merges a few real names, nor the top level of the API or of a version', () => {
    const t = new Templater({ learnThreshold: 20 })
    for (let i = 0; i < 500; i++) {
      for (const name of ['orders', 'carts', 'users', 'stores', 'payments'])
        t.template('shop', 'GET', `/v2/${name}`)
      t.template('shop', 'GET', `/page-${i}.html`)
      // a large API: many resources under /api/v1
      t.template('shop', 'GET', `/api/v1/resource${String.fromCharCode(97 + (i % 26))}${i % 40}`)
    }
    expect(t.learned()).toEqual([])
    expect(t.template('shop', 'GET', '/v2/orders')).toBe('/v2/orders')
    expect(t.template('shop', 'GET', '/users/me')).toBe('/users/me')
    expect(t.template('shop', 'GET', '/api/v1/resourcez9')).toBe('/api/v1/resourcez9')
  })

  it('counts at most maxPrefixes prefixes at once', () => {
    const t = new Templater({ learnThreshold: 5, maxPrefixes: 10 })
    // 50 prefixes with 3 children each, then one prefix gets 6: only its own counts matter
    for (let p = 0; p < 50; p++) for (let c = 0; c < 3; c++) t.template('s', 'GET', `/a${p}x/b${c}y`)
    expect(t.learned()).toEqual([])
    for (let c = 0; c < 6; c++) t.template('s', 'GET', `/fresh/child-${c}x`)
    expect(t.learned().map((l) => l.prefix)).toEqual(['/fresh'])
  })

  it('applies an admin rename and split', () => {
    const t = new Templater({ learnThreshold: 3 })
    for (const s of ['alpha', 'bravo', 'charlie', 'delta']) t.template('files', 'GET', `/files/${s}`)
    const [l] = t.learned()
    t.put({ ...l!, name: 'file_name', kept: ['public'] })
    expect(t.template('files', 'GET', '/files/echo')).toBe('/files/{file_name}')
    expect(t.template('files', 'GET', '/files/public')).toBe('/files/public')
  })

  it('templates the real Apache log into typed routes, learning only under deep prefixes', () => {
    const log = readFileSync(sharedDataPath('elastic-apache-logs', 'apache_logs'), 'utf8')
    const t = new Templater()
    const routes = new Set<string>()
    for (const line of log.split('\n')) {
      const path = /"[A-Z]+ (\S+) HTTP/.exec(line)?.[1]
      if (path) routes.add(t.template('site', 'GET', path))
    }
    expect(routes).toContain('/blog/geekery/{id:int}.html')
    expect(routes).toContain('/presentations/logstash-puppetconf-2012/images/logstash.png')
    for (const l of t.learned()) expect(l.prefix.split('/').length).toBeGreaterThan(1)
  })
})
