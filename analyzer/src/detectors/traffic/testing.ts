// Test traffic shared by the recon, BOLA, auth and injection detector tests.
import type { AccessEvent } from '@gatewatch/schema'
import { makeEvent, T0 } from '../../testing/index.js'

export const MIN = 60_000
export const anonymous = { kind: 'none' } as const

/** `count` requests from `ip`, one every `everyMs` from T0, each shaped by `step(i)`. */
export function steady(
  ip: string,
  count: number,
  everyMs: number,
  step: (i: number) => Partial<AccessEvent>,
): AccessEvent[] {
  return Array.from({ length: count }, (_, i) =>
    makeEvent(`${ip}-${everyMs}-${i}`, {
      ts: T0 + i * everyMs,
      client_ip: ip,
      principal: anonymous,
      ...step(i),
    }),
  )
}
