// Puts the disk spool in front of any sink. While the spool is empty a batch goes straight to the
// sink; if the sink fails it or has not acknowledged it within spill_after_ms, the batch is written
// to the spool instead and send() resolves once it is durable there (the pipeline may checkpoint).
// From then on every batch goes to the spool, and one drainer sends the spool's batches in order,
// retrying with backoff for as long as it takes, deleting them only after the sink acknowledged.
// Once the spool is empty, batches go straight to the sink again. A batch that spilled because the
// sink was slow may still arrive from its first attempt: a duplicate with the same event_ids,
// which the analyzer absorbs. A full spool makes send() wait, so reading pauses (see spool.ts).
import { join } from 'node:path'
import type { AccessEvent } from '@gatewatch/schema'
import { Registry } from 'prom-client'
import { type BackoffPolicy, backoffMs, DEFAULT_BACKOFF, pause } from '../sinks/backoff.js'
import { sinkMetrics, spoolMetrics } from '../sinks/metrics.js'
import { FatalSinkError, type Sink, type SinkContext } from '../sinks/types.js'
import type { SpoolConfig } from './config.js'
import { DiskSpool } from './spool.js'

export interface SpooledSinkOptions {
  /** Backoff of the drainer between failed attempts (the inner sink also retries on its own). */
  backoff?: BackoffPolicy
  /** How long close() waits for a drain attempt in progress once the collector is stopping, ms. */
  stopGraceMs?: number
}

export function encodeBatch(events: AccessEvent[]): Buffer {
  return Buffer.from(events.map((e) => JSON.stringify(e)).join('\n'))
}

export function decodeBatch(payload: Buffer): AccessEvent[] {
  return payload
    .toString('utf8')
    .split('\n')
    .map((line) => JSON.parse(line) as AccessEvent)
}

/** The spool directory a config names: spool.dir, else <state_dir>/spool. */
export function spoolDir(config: SpoolConfig, stateDir = '.data/collector'): string {
  return config.dir ?? join(stateDir, 'spool')
}

export function createSpooledSink(
  inner: Sink,
  config: SpoolConfig,
  ctx: SinkContext,
  options: SpooledSinkOptions = {},
): Sink {
  const { log } = ctx
  const registry = ctx.registry ?? new Registry()
  const delivery = sinkMetrics(registry)
  const labels = { sink: inner.kind }
  const dir = spoolDir(config, ctx.stateDir)
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const stopping = new AbortController()
  const opening = DiskSpool.open({ dir, maxBytes: config.max_bytes, log, metrics: spoolMetrics(registry) })
  let spool: DiskSpool | undefined
  let fatal: Error | null = null
  let spilling = false
  let closing = false
  let drainer: Promise<void> | null = null

  const onAbort = () => {
    stopping.abort()
    spool?.interruptWaits(
      new Error(
        'the collector is stopping while the disk spool is full; this batch is read again from the log at the next start',
      ),
    )
  }
  ctx.signal?.addEventListener('abort', onAbort, { once: true })

  opening.then(
    (s) => {
      spool = s
      if (!s.isEmpty) {
        log.info('The disk spool holds batches from an earlier run; sending them first.', {
          dir,
          batches: s.batches,
          bytes: s.bytes,
        })
        spilling = true
        startDrain()
      }
    },
    () => undefined, // reported by the first send()
  )

  function startDrain(): void {
    if (drainer || fatal || !spool) return
    const s = spool
    drainer = drain(s).finally(() => {
      drainer = null
      // A batch appended while the drainer was finishing must not wait for the next append.
      if (!s.isEmpty && !closing) startDrain()
    })
  }

  async function drain(s: DiskSpool): Promise<void> {
    while (!s.isEmpty && !stopping.signal.aborted) {
      const batch = await s.next()
      if (!batch) return
      const events = decodeBatch(batch.payload)
      for (let attempt = 0; ; attempt++) {
        try {
          await inner.send(events)
          break
        } catch (err) {
          if (err instanceof FatalSinkError) {
            fatal = err
            log.error(
              'The sink refused a spooled batch; the collector stops and the batch stays in the spool.',
              {
                error: err.message,
              },
            )
            return
          }
          // Stopping: the batch stays in the spool for the next run.
          if (closing || stopping.signal.aborted) return
          const wait = backoffMs(attempt, backoff)
          delivery.retries.inc(labels)
          log.warn('A spooled batch was not delivered; retrying.', {
            failure: (err as Error).message,
            retry: attempt + 1,
            wait_ms: wait,
          })
          await pause(wait, stopping.signal)
          if (stopping.signal.aborted) return
        }
      }
      await batch.ack()
      if (s.isEmpty) {
        spilling = false
        log.info('The disk spool is drained; batches go straight to the sink again.', { dir })
      }
    }
  }

  /** Sends straight to the sink: true once acknowledged, else why it did not make it in time. */
  function sendWithin(events: AccessEvent[]): Promise<true | string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => resolve(`no acknowledgement within spill_after_ms (${config.spill_after_ms} ms)`),
        config.spill_after_ms,
      )
      inner.send(events).then(
        () => {
          clearTimeout(timer)
          resolve(true)
        },
        (err: Error) => {
          clearTimeout(timer)
          if (err instanceof FatalSinkError) reject(err)
          else resolve(err.message)
        },
      )
    })
  }

  return {
    kind: inner.kind,
    async send(events) {
      if (fatal) throw fatal
      const s = spool ?? (await opening)
      if (!spilling && s.isEmpty) {
        const outcome = await sendWithin(events)
        if (outcome === true) return
        if (!spilling) {
          spilling = true
          log.warn('The sink is down or slow; batches go to the disk spool until it catches up.', {
            reason: outcome,
            dir,
            max_bytes: config.max_bytes,
          })
        }
      }
      await s.append(encodeBatch(events))
      startDrain()
    },
    async close() {
      closing = true
      ctx.signal?.removeEventListener('abort', onAbort)
      const s = spool ?? (await opening.catch(() => undefined))
      if (s) {
        // A clean stop (end of --once) sends what the spool holds while the sink takes it; a
        // stop signal or a failing sink leaves it on disk for the next start.
        if (!s.isEmpty && !stopping.signal.aborted && !fatal) {
          startDrain()
          log.info('Sending what the disk spool holds before stopping.', { batches: s.batches })
        }
        if (drainer) {
          const grace = stopping.signal.aborted ? (options.stopGraceMs ?? 2000) : 0
          if (grace > 0) await Promise.race([drainer, pause(grace)])
          else await drainer
        }
        stopping.abort()
        if (!s.isEmpty) {
          log.warn('Batches stay in the disk spool; they are sent when the collector starts again.', {
            dir,
            batches: s.batches,
            bytes: s.bytes,
          })
        }
        await s.close()
      }
      await inner.close()
      if (fatal) throw fatal
    },
  }
}
