// Posts batches as NDJSON to the analyzer's `POST /api/v1/ingest` with the ingest token. Network
// errors, timeouts, 429 and 5xx are retried with backoff; 401/403 stop the collector with a message
// naming the token; 413 splits the batch in two.
import { setTimeout as sleep } from 'node:timers/promises'
import type { AccessEvent, IngestResult } from '@gatewatch/schema'
import { backoffMs } from '../backoff.js'
import { FatalSinkError, type Sink, type SinkContext } from '../types.js'

export interface HttpSinkOptions {
  /** Base URL of the analyzer, e.g. http://127.0.0.1:8080. */
  url: string
  maxRetries: number
  requestTimeoutMs: number
  /** First backoff step, ms (tests shorten it). */
  backoffBaseMs?: number
}

class RetryableError extends Error {}

export function createHttpSink(options: HttpSinkOptions, ctx: SinkContext): Sink {
  const endpoint = new URL('/api/v1/ingest', options.url).toString()
  const token = ctx.ingestToken
  if (!token)
    throw new FatalSinkError('the http sink needs the analyzer ingest token: set GATEWATCH_INGEST_TOKEN')
  const { log } = ctx

  async function attempt(body: string): Promise<{ status: number; result?: IngestResult; text: string }> {
    let res: Response
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
        body,
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      })
    } catch (err) {
      throw new RetryableError(`cannot reach ${endpoint}: ${(err as Error).cause ?? (err as Error).message}`)
    }
    const text = await res.text().catch(() => '')
    if (res.status === 200) {
      try {
        return { status: 200, result: JSON.parse(text) as IngestResult, text }
      } catch {
        return { status: 200, text }
      }
    }
    return { status: res.status, text }
  }

  async function post(events: AccessEvent[]): Promise<void> {
    const body = `${events.map((e) => JSON.stringify(e)).join('\n')}\n`
    for (let retry = 0; ; retry++) {
      let failure: string
      try {
        const { status, result, text } = await attempt(body)
        if (status === 200) {
          if (result && result.rejected > 0) {
            log.warn('The analyzer rejected some events of a batch (it dead-letters them).', {
              rejected: result.rejected,
              accepted: result.accepted,
              reasons: result.reasons,
            })
          }
          return
        }
        if (status === 401 || status === 403) {
          throw new FatalSinkError(
            `the analyzer at ${endpoint} refused the ingest token (${status}): set GATEWATCH_INGEST_TOKEN to the analyzer's ingest token`,
          )
        }
        if (status === 413 && events.length > 1) {
          const half = Math.ceil(events.length / 2)
          log.info('The analyzer found a batch too large; sending it in two halves.', {
            events: events.length,
          })
          await post(events.slice(0, half))
          await post(events.slice(half))
          return
        }
        if (status !== 408 && status !== 429 && status < 500) {
          throw new FatalSinkError(`the analyzer at ${endpoint} answered ${status}: ${text.slice(0, 200)}`)
        }
        failure = `the analyzer answered ${status}`
      } catch (err) {
        if (!(err instanceof RetryableError)) throw err
        failure = err.message
      }
      if (retry >= options.maxRetries) {
        throw new Error(
          `giving up on a batch of ${events.length} events after ${retry + 1} attempts: ${failure}`,
        )
      }
      const wait = backoffMs(retry, options.backoffBaseMs)
      log.warn('A batch was not delivered; retrying.', { failure, retry: retry + 1, wait_ms: wait })
      await sleep(wait, undefined, ctx.signal ? { signal: ctx.signal } : undefined).catch(() => undefined)
    }
  }

  return { kind: 'http', send: post, close: async () => {} }
}
