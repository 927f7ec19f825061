// Posts batches as NDJSON to the analyzer's `POST /api/v1/ingest` with the ingest token. Network
// errors, timeouts, 408, 429 and 5xx are retried with jittered exponential backoff up to a cap; a
// Retry-After answer is honoured (up to the cap). 401/403 stop the collector with a message naming
// the token; 413 splits the batch in two. A resent batch is idempotent: every event keeps its
// event_id, which the analyzer deduplicates on, and the request carries an Idempotency-Key derived
// from those ids. TLS: certificate verification on by default, an own CA, a client certificate.
import { createHash } from 'node:crypto'
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { AccessEvent, IngestResult } from '@gatewatch/schema'
import { Registry } from 'prom-client'
import { type BackoffPolicy, backoffMs, DEFAULT_BACKOFF, pause, retryAfterMs } from '../backoff.js'
import { sinkMetrics } from '../metrics.js'
import type { TlsOptions } from '../security.js'
import { FatalSinkError, type Sink, type SinkContext } from '../types.js'

export interface HttpSinkOptions {
  /** Base URL of the analyzer, e.g. http://127.0.0.1:8080. */
  url: string
  maxRetries: number
  /** Time allowed for one attempt (connect, send, answer), ms. */
  requestTimeoutMs: number
  backoff?: BackoffPolicy
  /** TLS settings of an https:// URL. */
  tls?: TlsOptions
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}

interface Answer {
  status: number
  text: string
  retryAfter?: string
}

/** The Idempotency-Key of a batch: the same events give the same key, whatever the attempt. */
export function batchKey(events: AccessEvent[]): string {
  const h = createHash('sha256')
  for (const e of events) h.update(e.event_id)
  return h.digest('hex').slice(0, 32)
}

export function createHttpSink(options: HttpSinkOptions, ctx: SinkContext): Sink {
  const endpoint = new URL('/api/v1/ingest', options.url)
  const token = ctx.ingestToken
  if (!token)
    throw new FatalSinkError('the http sink needs the analyzer ingest token: set GATEWATCH_INGEST_TOKEN')
  const { log } = ctx
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const metrics = sinkMetrics(ctx.registry ?? new Registry())
  const labels = { sink: 'http' }
  const secure = endpoint.protocol === 'https:'
  // Keep-alive: one TCP (and TLS) handshake for many batches.
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: 16, ...(options.tls ?? {}) })
    : new HttpAgent({ keepAlive: true, maxSockets: 16 })
  const request = secure ? httpsRequest : httpRequest

  function attempt(body: Buffer, key: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        endpoint,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-ndjson',
            'content-length': body.length,
            authorization: `Bearer ${token}`,
            'idempotency-key': key,
          },
          timeout: options.requestTimeoutMs,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              retryAfter: res.headers['retry-after'],
            }),
          )
          res.on('error', (err) =>
            reject(new RetryableError(`the answer from ${endpoint} broke off: ${err.message}`)),
          )
        },
      )
      // One deadline for the whole attempt; the socket timeout alone only measures idleness.
      const deadline = setTimeout(
        () => req.destroy(new Error(`no answer within ${options.requestTimeoutMs} ms`)),
        options.requestTimeoutMs,
      )
      req.on('timeout', () => req.destroy(new Error(`no answer within ${options.requestTimeoutMs} ms`)))
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(deadline)
        if (err.code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(err.code)) {
          reject(
            new FatalSinkError(
              `the TLS certificate of ${endpoint.host} was not accepted (${err.code}): set sink.tls.ca_file to the CA that signed it, or sink.tls.servername to the name it carries`,
            ),
          )
          return
        }
        reject(new RetryableError(`cannot reach ${endpoint}: ${err.code ?? err.message}`))
      })
      req.on('close', () => clearTimeout(deadline))
      req.end(body)
    })
  }

  async function post(events: AccessEvent[]): Promise<void> {
    const started = performance.now()
    const body = Buffer.from(`${events.map((e) => JSON.stringify(e)).join('\n')}\n`)
    const key = batchKey(events)
    for (let retry = 0; ; retry++) {
      let failure: string
      let askedWait: number | undefined
      try {
        const { status, text, retryAfter } = await attempt(body, key)
        if (status === 200) {
          const result = parseResult(text)
          if (result && result.rejected > 0) {
            log.warn('The analyzer rejected some events of a batch (it dead-letters them).', {
              rejected: result.rejected,
              accepted: result.accepted,
              reasons: result.reasons,
            })
          }
          metrics.batches.inc({ ...labels, outcome: 'sent' })
          metrics.events.inc(labels, events.length)
          metrics.bytes.inc({ ...labels, stage: 'uncompressed' }, body.length)
          metrics.sendSeconds.observe(labels, (performance.now() - started) / 1000)
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
        askedWait = retryAfterMs(retryAfter)
      } catch (err) {
        if (err instanceof FatalSinkError) metrics.batches.inc({ ...labels, outcome: 'failed' })
        if (!(err instanceof RetryableError)) throw err
        failure = err.message
      }
      if (retry >= options.maxRetries || ctx.signal?.aborted) {
        metrics.batches.inc({ ...labels, outcome: 'failed' })
        throw new Error(
          `giving up on a batch of ${events.length} events after ${retry + 1} attempts: ${failure}`,
        )
      }
      // Retry-After is the server's own estimate: wait that long (never past the cap), else back off.
      const wait = askedWait === undefined ? backoffMs(retry, backoff) : Math.min(askedWait, backoff.capMs)
      metrics.retries.inc(labels)
      log.warn('A batch was not delivered; retrying.', { failure, retry: retry + 1, wait_ms: wait })
      await pause(wait, ctx.signal)
    }
  }

  return {
    kind: 'http',
    send: post,
    close: async () => {
      agent.destroy()
    },
  }
}

function parseResult(text: string): IngestResult | undefined {
  try {
    return JSON.parse(text) as IngestResult
  } catch {
    return undefined
  }
}
