// The pipeline's steps on their own (no store): what each input becomes, a throwing step turned
// into a dead letter instead of an exception, the enrich and afterStore hooks, and event-time
// lateness per partition (a writer in memory stands in for ClickHouse, tested in store/).
import { describe, expect, it } from 'vitest'
import { Templater } from '../inventory/templater.js'
import type { DeadLetterRow } from '../store/dead-letter.js'
import type { EventRow } from '../store/event-row.js'
import type { WriteBatch } from '../store/writer.js'
import { eventId, makeEvent, T0 } from '../testing/index.js'
import { createPipeline, type StoredBatch } from './pipeline.js'
import { deadLetter, runStep } from './step.js'
import { DEFAULT_ALLOWED_LATENESS_MS } from './watermark.js'

// These tests call prepare() only; storing is tested against real ClickHouse in sources/http.
const writer = {
  write: async () => {
    throw new Error('prepare() must not write')
  },
}
const pipeline = createPipeline({ writer, maxEventBytes: 1024 * 1024, now: () => 1_700_000_000_000 })
const small = createPipeline({ writer, maxEventBytes: 1024 })
const record = (text: string | Uint8Array, origin = 'test') => ({
  bytes: typeof text === 'string' ? Buffer.from(text) : text,
  origin,
})

describe('pipeline steps', () => {
  it('turns a valid event into a row with its route template and flattened principal', () => {
    const { events, result } = pipeline.prepare('test', [
      record(
        JSON.stringify(makeEvent(1, { path: '/v1/users/42/orders/6f1c8a52-3b9e-4d4f-9a65-0c2f7e8d9b10' })),
      ),
    ])
    expect(result).toMatchObject({ accepted: 1, rejected: 0, dropped: 0 })
    expect(events[0]).toMatchObject({
      route: '/v1/users/{id:int}/orders/{id:uuid}',
      principal_kind: 'jwt',
      principal_fingerprint: 'aabbccddeeff0011',
      principal_subject: 'user-1',
      principal_scopes: ['orders:read'],
      principal_issuer: '',
      principal_iat: null,
    })
  })

  it('templates with the templater it was given (an imported spec here)', () => {
    const templater = new Templater()
    templater.setSpec({
      service: 'shop',
      title: 'Shop',
      version: '1',
      imported_at: 0,
      operations: [{ method: 'GET', path: '/v1/orders/{order_id}', deprecated: false }],
    })
    const withSpec = createPipeline({ writer, maxEventBytes: 1024 * 1024, templater })
    const { events } = withSpec.prepare('test', [
      record(JSON.stringify(makeEvent(1, { path: '/v1/orders/42' }))),
    ])
    expect(events[0]!.route).toBe('/v1/orders/{order_id}')
  })

  it('dead-letters with a reason per failure kind, and drops blank lines', () => {
    const { deadLetters, result } = small.prepare('test', [
      record('{nope', 'line 1'),
      record(Buffer.from([0xc3, 0x28]), 'line 2'),
      record(`"${'x'.repeat(2000)}"`, 'line 3'),
      record('[1,2,3]', 'line 4'),
      record('   ', 'line 5'),
    ])
    expect(result.rejectedByReason).toEqual({
      invalid_json: 1,
      invalid_utf8: 1,
      event_too_large: 1,
      invalid_event: 1,
    })
    expect(result.dropped).toBe(1)
    expect(deadLetters.map((d) => [d.origin, d.reason, d.source])).toEqual([
      ['line 1', 'invalid_json', 'test'],
      ['line 2', 'invalid_utf8', 'test'],
      ['line 3', 'event_too_large', 'test'],
      ['line 4', 'invalid_event', 'test'],
    ])
    expect(deadLetters[2]!.raw_bytes).toBe(2002)
  })

  it('dead-letters numbers that do not fit their column, naming the field, and keeps the rest', () => {
    // Before the contract bounded them, such an event passed validation and failed the whole insert.
    const { events, deadLetters } = pipeline.prepare('test', [
      record(JSON.stringify(makeEvent(1, { request_bytes: 1e25 })), 'line 1'),
      record(JSON.stringify(makeEvent(2, { ts: 1e20 })), 'line 2'),
      record(
        JSON.stringify(
          makeEvent(3, { principal: { kind: 'jwt', fingerprint: 'aabbccddeeff0011', iat: 1e300 } }),
        ),
        'line 3',
      ),
      record(JSON.stringify(makeEvent(4)), 'line 4'),
    ])
    expect(events.map((e) => e.event_id)).toEqual([eventId(4)])
    expect(deadLetters.map((d) => [d.origin, d.reason])).toEqual([
      ['line 1', 'invalid_event'],
      ['line 2', 'invalid_event'],
      ['line 3', 'invalid_event'],
    ])
    expect(deadLetters[0]!.error).toContain('/request_bytes')
    expect(deadLetters[1]!.error).toContain('/ts')
    expect(deadLetters[2]!.error).toContain('/principal/iat')
  })

  it('keeps at most 10 distinct reasons for the answer', () => {
    const records = Array.from({ length: 30 }, (_, i) =>
      record(JSON.stringify({ ...makeEvent(i), [`extra_${i}`]: 1 })),
    )
    const { result } = pipeline.prepare('test', records)
    expect(result.rejected).toBe(30)
    expect(result.reasons).toHaveLength(10)
  })
})

describe('runStep', () => {
  it('turns a throw into a dead letter named after the step', () => {
    const r = runStep(
      'enrich',
      () => {
        throw new Error('boom')
      },
      1,
    )
    expect(r).toEqual(deadLetter('enrich_failed', 'boom'))
  })
})

describe('pipeline hooks and event time', () => {
  /** A writer that stores in memory and, like the real one, skips ids it already holds. */
  function memoryWriter() {
    const stored = new Map<string, EventRow>()
    const deadLetters: DeadLetterRow[] = []
    return {
      stored,
      deadLetters,
      write: async (batch: WriteBatch) => {
        const events = batch.events.filter((e) => !stored.has(e.event_id))
        for (const e of events) stored.set(e.event_id, e)
        deadLetters.push(...batch.deadLetters)
        return {
          events,
          deadLetters: batch.deadLetters.length,
          duplicates: batch.events.length - events.length,
        }
      },
    }
  }
  const line = (seed: string, ts: number) => record(JSON.stringify(makeEvent(seed, { ts })), seed)

  it('enriches before the insert and hands afterStore the new events sorted by event time', async () => {
    const writer = memoryWriter()
    const seen: StoredBatch[] = []
    const p = createPipeline({
      writer,
      maxEventBytes: 64 * 1024,
      enrich: (row) => ({ ...row, country: 'NL', asn: 64500 }),
      afterStore: (batch) => {
        seen.push(batch)
      },
    })
    await p.processBatch('kafka', [line('b', T0 + 2000), line('a', T0 + 1000), line('b', T0 + 2000)], {
      partition: 3,
    })
    expect([...writer.stored.values()].map((r) => [r.country, r.asn])).toEqual([
      ['NL', 64500],
      ['NL', 64500],
    ])
    expect(seen).toHaveLength(1)
    expect(seen[0]!.source).toBe('kafka')
    expect(seen[0]!.partition).toBe(3)
    expect(seen[0]!.events.map((e) => e.ts)).toEqual([T0 + 1000, T0 + 2000])
    expect(seen[0]!.watermark).toBe(T0 + 2000 - DEFAULT_ALLOWED_LATENESS_MS)
    // Redelivered: nothing new is stored, afterStore gets no event, the duplicates are counted.
    const again = await p.processBatch('kafka', [line('a', T0 + 1000)], { partition: 3 })
    expect(again).toMatchObject({ accepted: 1, duplicates: 1 })
    expect(seen[1]!.events).toEqual([])
  })

  it('dead-letters an enrich failure and keeps the rest of the batch', async () => {
    const writer = memoryWriter()
    const p = createPipeline({
      writer,
      maxEventBytes: 64 * 1024,
      enrich: (row) => {
        if (row.event_id === eventId('bad')) throw new Error('GeoIP database is corrupt')
        return row
      },
    })
    const r = await p.processBatch('http', [line('good', T0), line('bad', T0)])
    expect(r).toMatchObject({ accepted: 1, rejected: 1, rejectedByReason: { enrich_failed: 1 } })
    expect(writer.deadLetters[0]!.error).toBe('GeoIP database is corrupt')
  })

  it('accepts events within the allowed lateness and dead-letters older ones as too_late, per partition', async () => {
    const writer = memoryWriter()
    const p = createPipeline({ writer, maxEventBytes: 64 * 1024, allowedLatenessMs: 60_000 })
    const r = await p.processBatch(
      'kafka',
      [
        line('now', T0 + 120_000),
        line('late-but-ok', T0 + 60_000), // exactly at the watermark: on time
        line('too-late', T0 + 59_999),
      ],
      { partition: 0 },
    )
    expect(r).toMatchObject({ accepted: 2, rejected: 1, rejectedByReason: { too_late: 1 } })
    expect(r.watermark).toBe(T0 + 60_000)
    expect(writer.deadLetters[0]!.error).toMatch(
      /before the partition's watermark .*allowed lateness 60000 ms/,
    )
    // Another partition has its own watermark: the same old event is on time there.
    const other = await p.processBatch('kafka', [line('too-late', T0 + 59_999)], { partition: 1 })
    expect(other).toMatchObject({ accepted: 1, rejected: 0 })
    // The watermark persists across batches of the partition.
    const next = await p.processBatch('kafka', [line('old', T0)], { partition: 0 })
    expect(next.rejectedByReason).toEqual({ too_late: 1 })
  })

  it('decides lateness the same whatever the batch sizes (replay = live)', async () => {
    const tss = [0, 50, 10, 200, 90, 260, 150, 139, 300, 241].map((s) => T0 + s * 1000)
    const records = tss.map((ts, i) => line(`r-${i}`, ts))
    const decide = async (size: number) => {
      const p = createPipeline({
        writer: memoryWriter(),
        maxEventBytes: 64 * 1024,
        allowedLatenessMs: 60_000,
      })
      let tooLate = 0
      for (let i = 0; i < records.length; i += size) {
        tooLate += (await p.processBatch('kafka', records.slice(i, i + size))).rejectedByReason.too_late ?? 0
      }
      return tooLate
    }
    // Late: 90 (after 200: watermark 140), then 150 and 139 (after 260: watermark 200).
    expect(await decide(1)).toBe(3)
    expect(await decide(3)).toBe(3)
    expect(await decide(10)).toBe(3)
  })

  it('does not move the watermark when the insert fails, so the retry decides alike', async () => {
    let fail = true
    const inner = memoryWriter()
    const writer = {
      write: async (batch: WriteBatch) => {
        if (fail) throw new Error('ClickHouse is down')
        return inner.write(batch)
      },
    }
    const p = createPipeline({ writer, maxEventBytes: 64 * 1024, allowedLatenessMs: 1000 })
    await expect(p.processBatch('kafka', [line('late-future', T0 + 10_000)])).rejects.toThrow('down')
    fail = false
    const r = await p.processBatch('kafka', [line('early', T0)])
    expect(r).toMatchObject({ accepted: 1, rejected: 0 })
  })
})
