// OpenAPI import on a real YAML spec with $refs: operations, base paths, validation errors, the
// matcher (most literal template wins) and spec status (documented, zombie, shadow).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type ApiSpec, parseSpec, SpecError, SpecIndex } from './spec.js'

const YAML = readFileSync(new URL('./fixtures/shop-openapi.yaml', import.meta.url), 'utf8')

async function index(text = YAML): Promise<SpecIndex> {
  return new SpecIndex({ service: 'shop', imported_at: 0, ...(await parseSpec(text)) } satisfies ApiSpec)
}

describe('parseSpec', () => {
  it('reads every operation of a YAML spec, with $refs resolved and deprecation kept', async () => {
    const spec = await parseSpec(YAML)
    expect(spec.title).toBe('Shop API')
    expect(spec.version).toBe('2.4.0')
    expect(spec.operations).toHaveLength(10)
    expect(spec.operations).toContainEqual({
      method: 'DELETE',
      path: '/v2/orders/{order_id}',
      deprecated: true,
    })
    expect(spec.operations).toContainEqual({
      method: 'GET',
      path: '/v2/orders/{order_id}',
      deprecated: false,
    })
    expect(spec.operations).toContainEqual({ method: 'POST', path: '/admin/exports', deprecated: false })
  })

  it('reads JSON too, and prefixes the server base path', async () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 'Pay', version: '1' },
      servers: [{ url: 'https://pay.example.com/api/' }],
      paths: { '/payments/{payment_id}': { get: { responses: { '200': { description: 'ok' } } } } },
    }
    const spec = await parseSpec(JSON.stringify(doc))
    expect(spec.operations).toEqual([
      { method: 'GET', path: '/api/payments/{payment_id}', deprecated: false },
    ])
  })

  it('reads Swagger 2 with its basePath', async () => {
    const spec = await parseSpec(
      'swagger: "2.0"\ninfo: {title: Old, version: "1"}\nbasePath: /v1\npaths:\n  /users/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, type: string}]\n      responses: {"200": {description: ok}}\n',
    )
    expect(spec.operations).toEqual([{ method: 'GET', path: '/v1/users/{id}', deprecated: false }])
  })

  it.each([
    ['not: [valid', /neither JSON nor YAML/],
    ['- a\n- list', /must be a JSON or YAML object/],
    ['openapi: 3.0.0\ninfo: {title: x}\npaths: {}', /not a valid OpenAPI document/],
    [
      'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "file:///etc/passwd"}\n',
      /refers outside itself/,
    ],
  ])('refuses %j with a clear error', async (text, message) => {
    await expect(parseSpec(text)).rejects.toThrow(SpecError)
    await expect(parseSpec(text)).rejects.toThrow(message)
  })
})

describe('SpecIndex', () => {
  it.each([
    ['/v2/orders/42', '/v2/orders/{order_id}'],
    ['/v2/orders', '/v2/orders'],
    ['/v2/orders/42/items', '/v2/orders/{order_id}/items'],
    ['/v1/cart/items/7', '/v1/cart/items/{item_id}'],
    ['/v1/stores', undefined],
    ['/v2/orders/42/refunds', undefined],
  ])('matches %s to %s', async (path, template) => {
    expect((await index()).match(path)).toBe(template)
  })

  it('prefers the most literal template', async () => {
    const spec = await index(
      'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n  /users/{user_id}:\n    get: {responses: {"200": {description: ok}}}\n  /users/me:\n    get: {responses: {"200": {description: ok}}}\n',
    )
    expect(spec.match('/users/me')).toBe('/users/me')
    expect(spec.match('/users/123')).toBe('/users/{user_id}')
  })

  it.each([
    ['GET', '/v2/orders/{order_id}', 'documented'],
    ['DELETE', '/v2/orders/{order_id}', 'zombie'], // deprecated in the spec
    ['GET', '/v1/orders/{id:int}', 'zombie'], // the spec moved orders to /v2
    ['GET', '/v2/orders/{id:int}/shipments/{id:uuid}', 'zombie'], // the spec has it in /v3
    ['GET', '/v1/stores', 'shadow'],
    ['PUT', '/v2/orders/{order_id}', 'shadow'], // a method the spec does not document
    ['GET', '/v4/orders', 'shadow'], // newer than the spec: not a zombie
  ])('%s %s is %s', async (method, route, status) => {
    expect((await index()).status(method, route)).toBe(status)
  })
})
