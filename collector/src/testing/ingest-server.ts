// A real HTTP server on 127.0.0.1 speaking the analyzer's ingest contract, for sink and pipeline
// tests: checks the token, stores NDJSON events, and can be told to fail, hang or drop requests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AccessEvent } from '@gatewatch/schema'

/** What to do with the n-th request (0-based): answer normally, or fail in a chosen way. */
export type Behaviour = 'ok' | { status: number } | 'drop-after-store' | 'hold'

export interface IngestServer {
  url: string
  events: AccessEvent[]
  bodies: string[]
  requests: number
  /** Releases requests held by the 'hold' behaviour. */
  release(): void
  close(): Promise<void>
}

export async function startIngestServer(
  token: string,
  behave: (n: number) => Behaviour = () => 'ok',
  port = 0,
): Promise<IngestServer> {
  const held: (() => void)[] = []
  const state: IngestServer = {
    url: '',
    events: [],
    bodies: [],
    requests: 0,
    release() {
      for (const r of held.splice(0)) r()
    },
    close: () =>
      new Promise<void>((resolve) => {
        state.release()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    if (req.url !== '/api/v1/ingest' || req.method !== 'POST') {
      res.writeHead(404).end()
      return
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}')
      return
    }
    const n = state.requests++
    const b = behave(n)
    if (b === 'hold') await new Promise<void>((r) => held.push(r))
    if (typeof b === 'object') {
      res.writeHead(b.status).end()
      return
    }
    state.bodies.push(body)
    const events = body
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as AccessEvent)
    state.events.push(...events)
    if (b === 'drop-after-store') {
      // Stored, but the acknowledgement is lost: the collector must resend, the ids absorb it.
      req.socket.destroy()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ accepted: events.length, rejected: 0, reasons: [] }))
  }
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}
