// An HTTP receiver for gateways that push their logs: Kong's http-log plugin POSTs one JSON log
// object per request, or a JSON array of them when its queue batches (max_batch_size > 1); other
// senders post NDJSON or plain lines. Each record becomes one line for the input's parser.
// A request is answered 200 only once the sink acknowledged every record of it, so a gateway
// whose request failed or timed out keeps the records and retries (the event_ids, from a hash of
// each record, absorb what was delivered twice); 503 with Retry-After while the collector stops or
// the pipeline is full. Senders present a bearer token, compared in constant time.
//
// node:http rather than fastify: one route whose body is read as a bounded stream and whose answer
// waits for the sink, no schema, no plugins; it keeps the single-file bundle small and its
// behaviour under a stalled sink explicit. The analyzer's API, with many routes, uses fastify.
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { counter } from '../../metrics.js'
import { LineSplitter, tooLong } from '../lines.js'
import { boundAddress, parseListen } from '../listen.js'
import { PushQueue } from '../push-queue.js'
import { withRecordHash } from '../record-hash.js'
import type { BatchOutcome, Input, InputContext, InputLine, SourceRef } from '../types.js'
import type { HttpInputConfig } from './config.js'

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest()

/** True when the Authorization header carries the token; constant time in the token's content. */
export function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  if (header === undefined || !/^bearer /i.test(header)) return false
  // Comparing digests keeps the comparison constant-time even when the lengths differ.
  return timingSafeEqual(digest(header.slice(7).trim()), expected)
}

/** The records of a request body: a JSON array's elements, one JSON object, or NDJSON / plain lines. */
/** Whether the byte after `[` (and any blanks) opens a JSON array of records: `{` or `]`. */
function isBatchStart(body: Buffer, from: number): boolean {
  let i = from
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x09))
    i++
  return body[i] === 0x7b || body[i] === 0x5d
}

export function splitRecords(body: Buffer, maxLineBytes: number, firstOffset: number): InputLine[] {
  let i = 0
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x09))
    i++
  const first = body[i]
  if (first === 0x5b || first === 0x7b) {
    let doc: unknown
    try {
      doc = JSON.parse(body.toString('utf8'))
    } catch {
      // Several objects one per line (NDJSON) are not one JSON document: split them below. So are
      // text lines that start with `[` (Envoy's `[START_TIME]`): only `[{` or `[]` is a broken batch.
      if (first === 0x5b && isBatchStart(body, i + 1))
        throw new RequestError(400, 'the body starts with [ but is not a JSON array')
    }
    if (doc !== undefined) {
      const items = Array.isArray(doc) ? doc : [doc]
      return items.map((item, n) => {
        const text = JSON.stringify(item)
        const offset = firstOffset + n
        return Buffer.byteLength(text) > maxLineBytes
          ? tooLong(Buffer.from(text.slice(0, 1024)), 0, offset, maxLineBytes, 'record')
          : withRecordHash({ offset, text })
      })
    }
  }
  const splitter = new LineSplitter(maxLineBytes, 0, 'record')
  const lines = [...splitter.push(body), ...splitter.flush()]
  // Offsets count records, not bytes: a pushed record has no place in a file.
  return lines.map((l, n) => withRecordHash({ ...l, offset: firstOffset + n }))
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (declared > max) throw new RequestError(413, `the body is larger than ${max} bytes`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) throw new RequestError(413, `the body is larger than ${max} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

export interface HttpInput extends Input {
  /** HOST:PORT it listens on, once started. */
  address(): string
}

export function createHttpInput(config: HttpInputConfig, ctx: InputContext): HttpInput {
  const token = ctx.env[config.token_env]
  if (!token || token.length < 16)
    throw new Error(
      `${ctx.key}.token_env: set ${config.token_env} to the senders' bearer token (at least 16 characters)`,
    )
  const expected = digest(token)
  const source: SourceRef = { id: config.name, path: `http ${config.listen}`, checkpointed: false }
  const queue = new PushQueue(config.max_queued_lines, config.max_queued_lines)
  const answers = counter(
    ctx.registry,
    'gatewatch_collector_http_requests_total',
    'Requests to an HTTP input, by answer status.',
    ['input', 'code'],
  )
  let received = 0
  let listening = false
  let failed: string | null = null

  function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
    answers.inc({ input: config.name, code: String(status) })
    if (res.writableEnded || res.destroyed) return
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))
  }

  const unavailable = (res: ServerResponse, why: string) =>
    answer(res, 503, { error: why }, { 'retry-after': '1' })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== config.path) return answer(res, 404, { error: `POST records to ${config.path}` })
    if (req.method !== 'POST') return answer(res, 405, { error: 'use POST' }, { allow: 'POST' })
    if (!bearerMatches(req.headers.authorization, expected)) {
      return answer(res, 401, { error: 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer' })
    }
    if (ctx.signal.aborted) return unavailable(res, 'the collector is stopping')
    if (queue.full) return unavailable(res, 'the collector is behind; retry later')
    const encoding = req.headers['content-encoding']
    if (encoding !== undefined && encoding !== 'identity')
      return answer(res, 415, { error: `content-encoding ${encoding} is not accepted` })
    const body = await readBody(req, config.max_body_bytes)
    const lines = splitRecords(body, config.max_line_bytes, received)
    received += lines.length
    if (lines.length === 0) return answer(res, 200, { accepted: 0, rejected: 0, skipped: 0 })
    const outcome = await new Promise<BatchOutcome | null>((resolve) => {
      if (!queue.offer({ source, lines, settle: resolve })) resolve(null)
    })
    if (outcome === null) return unavailable(res, 'the collector is behind; retry later')
    if (outcome.error) return unavailable(res, 'the records were not delivered; retry')
    answer(res, 200, { accepted: outcome.accepted, rejected: outcome.rejected, skipped: outcome.skipped })
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof RequestError ? err.status : 500
      if (status === 500) {
        ctx.countError('request_failed')
        ctx.log.warn('A request to the HTTP input failed.', { error: (err as Error).message })
      } else if (status === 400) {
        ctx.countError('bad_request')
      }
      // The rest of an over-large body is not read: close the connection after answering.
      answer(
        res,
        status,
        { error: status === 500 ? 'internal error' : (err as Error).message },
        {
          connection: 'close',
        },
      )
    })
  })
  // A gateway keeps its connections open (Kong's keepalive: 60 s): do not close them first.
  server.keepAliveTimeout = 65_000

  ctx.signal.addEventListener(
    'abort',
    () => {
      queue.end()
      // Taken by nobody yet: the sender keeps these records and retries elsewhere or later.
      for (const b of queue.takeAll())
        b.settle?.({ error: new Error('the collector is stopping'), accepted: 0, rejected: 0, skipped: 0 })
      server.closeIdleConnections()
    },
    { once: true },
  )

  return {
    name: config.name,
    type: 'http',
    async start() {
      const { host, port } = parseListen(config.listen)
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) =>
          reject(new Error(`${ctx.key}.listen ${config.listen}: cannot listen (${err.code ?? err.message})`)),
        )
        server.listen(port, host, () => resolve())
      })
      listening = true
      server.on('error', (err: Error) => {
        failed = err.message
        ctx.countError('server_failed')
      })
      source.path = `http ${boundAddress(server)}`
      ctx.log.info('The HTTP input is listening.', {
        input: config.name,
        address: boundAddress(server),
        path: config.path,
      })
    },
    batches: () => queue[Symbol.asyncIterator](),
    problem: () => (failed ? `the HTTP server failed: ${failed}` : listening ? null : 'not listening'),
    address: () => boundAddress(server),
    async close() {
      listening = false
      // Every request has its outcome by now; let the answers be written before closing.
      await new Promise((resolve) => setImmediate(resolve))
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 1000)
        server.close(() => {
          clearTimeout(force)
          resolve()
        })
        server.closeIdleConnections()
      })
    },
  }
}
