import { readFileSync } from 'node:fs'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import { routeTemplate } from './route-template.js'

describe('routeTemplate', () => {
  it.each([
    // names stay
    ['/', '/'],
    ['', '/'],
    ['/users/me', '/users/me'],
    ['/v2/orders', '/v2/orders'],
    ['/api/v1', '/api/v1'],
    ['/api/v1/health', '/api/v1/health'],
    ['/oauth2/token', '/oauth2/token'],
    ['/products/iPhone12ProMax', '/products/iPhone12ProMax'],
    ['/tools/sha256sum', '/tools/sha256sum'],
    ['/image/12/productType/120x90', '/image/{id:int}/productType/120x90'],
    // values become typed parameters
    ['/v1/orders/42', '/v1/orders/{id:int}'],
    ['/v1/orders/42/', '/v1/orders/{id:int}/'],
    ['/users/42/orders/7', '/users/{id:int}/orders/{id:int}'],
    ['/users/6f1c8a52-3b9e-4d4f-9a65-0c2f7e8d9b10', '/users/{id:uuid}'],
    ['/users/6F1C8A52-3B9E-4D4F-9A65-0C2F7E8D9B10/keys', '/users/{id:uuid}/keys'],
    ['/commits/3f2a9c1b', '/commits/{hash}'],
    ['/commits/da39a3ee5e6b4b0d3255bfef95601890afd80709', '/commits/{hash}'],
    ['/blobs/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '/blobs/{hash}'],
    ['/objects/507f1f77bcf86cd799439011', '/objects/{id:objectid}'],
    ['/files/deadbeefcafe1234.png', '/files/{hash}.png'],
    ['/t/a1b2c3d4e5', '/t/{hash}'],
    ['/t/x7k2m9p4q1z8', '/t/{token}'],
    ['/customers/cus_J4k2Lm9Xp0Qr', '/customers/{token}'],
    ['/orders/ord-8f3e2a1b', '/orders/{token}'],
    ['/reports/2015-05-17', '/reports/{date}'],
    ['/reports/2026-01-15T12:00:00Z/summary', '/reports/{date}/summary'],
    ['/releases/1.3.2', '/releases/{param}'],
    ['/users/john.doe@example.com', '/users/{email}'],
    ['/users/john.doe%40example.com/avatar', '/users/{email}/avatar'],
    ['/s/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc123', '/s/{token}'],
    ['/v1/orders/42?page=2', '/v1/orders/{id:int}'],
    // not a path: kept
    ['*', '*'],
  ])('%s → %s', (path, route) => {
    expect(routeTemplate(path)).toBe(route)
  })

  it.each([
    // real paths from ../shared/data (Apache log of a public site, nginx log of an online shop)
    ['/blog/geekery/101.html', '/blog/geekery/{id:int}.html'],
    [
      '/presentations/logstash-puppetconf-2012/images/nagios-sms1.png',
      '/presentations/logstash-puppetconf-2012/images/nagios-sms1.png',
    ],
    ['/presentations/logstash-metrics-sf-2012.10/', '/presentations/logstash-metrics-sf-2012.10/'],
    ['/files/logstash/logstash-1.3.2-monolithic.jar', '/files/logstash/logstash-1.3.2-monolithic.jar'],
    ['/apple-touch-icon-120x120-precomposed.png', '/apple-touch-icon-120x120-precomposed.png'],
    ['/blog/2007/Jan/14', '/blog/{id:int}/Jan/{id:int}'],
    ['/image/2078/productModel/200x200', '/image/{id:int}/productModel/200x200'],
    ['/discountLabel/get/3', '/discountLabel/get/{id:int}'],
    ['/browse/sandwich-maker', '/browse/sandwich-maker'],
    ['/article/606/%D8%B9%D9%84%D8%AA', '/article/{id:int}/%D8%B9%D9%84%D8%AA'],
  ])('real path %s → %s', (path, route) => {
    expect(routeTemplate(path)).toBe(route)
  })

  it('folds the real Apache log into far fewer routes than paths, and keeps names', () => {
    const log = readFileSync(sharedDataPath('elastic-apache-logs', 'apache_logs'), 'utf8')
    const paths = new Set<string>()
    const routes = new Set<string>()
    for (const line of log.split('\n')) {
      const path = /"[A-Z]+ (\S+) HTTP/.exec(line)?.[1]
      if (!path) continue
      paths.add(path.split('?')[0]!)
      routes.add(routeTemplate(path))
    }
    expect(paths.size).toBeGreaterThan(1000)
    expect(routes.size).toBeLessThan(paths.size)
    expect(routes).toContain('/blog/geekery/{id:int}.html')
    expect(routes).toContain('/presentations/logstash-puppetconf-2012/images/logstash.png')
    // a route never carries a numeric-only segment
    for (const r of routes) expect(r.split('/').some((s) => /^\d+$/.test(s))).toBe(false)
  })

  it('handles a hostile 8 KiB path quickly', () => {
    const path = `/${'a1'.repeat(4096)}/${'x'.repeat(4000)}`
    const started = performance.now()
    expect(routeTemplate(path)).toBe(`/{hash}/${'x'.repeat(4000)}`)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
