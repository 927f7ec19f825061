// Test helpers: AccessEvents with sensible defaults and deterministic ids, and temp analyzers on
// a real embedded ClickHouse in a fresh directory.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccessEvent } from '@gatewatch/schema'

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0)

/** A deterministic 32-hex event id from any seed. */
export const eventId = (seed: string | number) =>
  createHash('sha256').update(String(seed)).digest('hex').slice(0, 32)

export function makeEvent(seed: string | number, overrides: Partial<AccessEvent> = {}): AccessEvent {
  return {
    v: 1,
    event_id: eventId(seed),
    ts: T0,
    collector: 'test-collector',
    service: 'shop',
    host: 'api.shop.test',
    method: 'GET',
    path: '/v1/orders/42',
    query: '',
    status: 200,
    latency_ms: 10,
    request_bytes: 0,
    response_bytes: 512,
    client_ip: '203.0.113.7',
    forwarded_for: [],
    user_agent: 'curl/8.0',
    principal: { kind: 'jwt', fingerprint: 'aabbccddeeff0011', subject: 'user-1', scopes: ['orders:read'] },
    ...overrides,
  }
}

export const ndjson = (lines: (AccessEvent | string)[]) =>
  `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(prefix = 'gatewatch-analyzer-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789'
export const INGEST_TOKEN = 'ingest-token-for-tests-012345678'
