// A minimal valid AccessEvent numbered i, for sink and spool tests: its event_id is i in hex.
import type { AccessEvent } from '@gatewatch/schema'

export const sampleEvent = (i: number): AccessEvent => ({
  v: 1,
  event_id: i.toString(16).padStart(32, '0'),
  ts: 1_700_000_000_000 + i,
  collector: 'edge-1',
  service: 'shop',
  host: 'api.shop.test',
  method: 'GET',
  path: `/v1/orders/${i}`,
  query: '',
  status: 200,
  client_ip: '203.0.113.7',
  forwarded_for: [],
  user_agent: 'curl/8.0',
  principal: { kind: 'none' },
})
