// The syslog receivers in a whole collector, over real UDP and TCP sockets on 127.0.0.1, with a
// real ingest server as the sink: both RFCs, both TCP framings, and bad frames.
import { createSocket } from 'node:dgram'
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type RunningCollector, startCollector, waitFor } from '../../testing/collector.js'
import { generateLines } from '../../testing/generate.js'
import { type IngestServer, startIngestServer } from '../../testing/ingest-server.js'
import { syslogBody } from './message.js'

const SINK_TOKEN = 'syslog-sink-token'
let server: IngestServer | undefined
let c: RunningCollector | undefined
afterEach(async () => {
  await c?.stop().catch(() => undefined)
  c = undefined
  await server?.close()
  server = undefined
})

async function start(format = 'nginx-combined') {
  server = await startIngestServer(SINK_TOKEN)
  c = await startCollector(
    `collector_id: syslog-test
state_dir: ${process.env.TMPDIR ?? '/tmp'}/gw-syslog-${process.pid}-${Date.now()}
metrics: { enabled: false }
sink: { url: ${server.url}, batch_max_wait_ms: 20, max_retries: 0 }
inputs:
  - type: syslog
    name: edge
    format: ${format}
    udp: 127.0.0.1:0
    tcp: 127.0.0.1:0
    max_message_bytes: 4096
`,
    { GATEWATCH_INGEST_TOKEN: SINK_TOKEN },
  )
  const { udp, tcp } = c.syslog('edge').addresses()
  const port = (a: string | undefined) => Number(a!.split(':').pop())
  return { udp: port(udp), tcp: port(tcp) }
}

const combined = (n: number, from = 0) =>
  generateLines(from + n)
    .slice(from)
    .map((l) => l.combined)
const bsd = (body: string) => `<190>Nov 14 22:13:20 edge-host nginx: ${body}`
const rfc5424 = (body: string) =>
  `<134>1 2023-11-14T22:13:20.000Z edge-host haproxy 1234 - [meta x="a\\]b"] \uFEFF${body}`

function sendUdp(port: number, messages: (string | Buffer)[]): Promise<void> {
  const s = createSocket('udp4')
  return new Promise((resolve, reject) => {
    let left = messages.length
    for (const m of messages)
      s.send(m, port, '127.0.0.1', (err) => {
        if (err) reject(err)
        if (--left === 0) {
          s.close()
          resolve()
        }
      })
  })
}

function tcp(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s))
  })
}
const closed = (s: Socket) => new Promise<void>((resolve) => s.once('close', () => resolve()))
const frame = (m: string) => `${Buffer.byteLength(m)} ${m}`

describe('syslog input', () => {
  it('UDP: RFC 3164 and RFC 5424 messages become events, each once; bad datagrams are counted rejections', async () => {
    const { udp } = await start()
    const lines = combined(20)
    await sendUdp(udp, [
      ...lines.slice(0, 10).map(bsd),
      ...lines.slice(10).map(rfc5424),
      'no priority at all',
      bsd('x'.repeat(5000)),
    ])
    await waitFor(
      () => server!.events.length === 20 && c!.collector.metrics.lines_read === 22,
      'the 20 events',
    )
    expect(new Set(server!.events.map((e) => e.event_id)).size).toBe(20)
    expect(server!.events.map((e) => e.path).sort()).toEqual(
      generateLines(20)
        .map((l) => l.combined.split('"')[1]!.split(' ')[1]!.split('?')[0])
        .sort(),
    )
    expect(c!.collector.metrics.rejected).toEqual({ malformed: 1, too_long: 1 })
  })

  it('TCP with octet counting: frames split across writes, an oversize frame skipped, the connection goes on', async () => {
    const { tcp: port } = await start()
    const lines = combined(30)
    const s = await tcp(port)
    const stream = [
      ...lines.slice(0, 10).map((l) => frame(bsd(l))),
      frame(bsd('y'.repeat(5000))),
      ...lines.slice(10).map((l) => frame(rfc5424(l))),
    ].join('')
    // Cut the stream at awkward places: inside a length, inside a message.
    for (let i = 0; i < stream.length; i += 777) s.write(stream.slice(i, i + 777))
    await waitFor(() => server!.events.length === 30, 'the 30 events')
    expect(c!.collector.metrics.rejected).toEqual({ too_long: 1 })
    expect(s.destroyed).toBe(false)
    s.end()
  })

  it('TCP with newline framing, and the same message sent twice is the same event', async () => {
    const { tcp: port } = await start()
    const lines = combined(10)
    const s = await tcp(port)
    const stream = lines.map((l, i) => `${bsd(l)}${i % 2 ? '\r\n' : '\n'}`).join('')
    s.write(stream.slice(0, 500))
    s.write(stream.slice(500))
    s.end(`${bsd(lines[0]!)}`) // resent, without a final newline before the close
    await waitFor(() => server!.events.length === 11, 'the 11 events')
    const ids = server!.events.map((e) => e.event_id)
    expect(new Set(ids).size).toBe(10)
  })

  it('TCP: a garbage frame length is rejected and that connection closed; what came before it is kept, other connections go on', async () => {
    const { tcp: port } = await start()
    const lines = combined(6)
    const bad = await tcp(port)
    bad.write(`${frame(bsd(lines[0]!))}${frame(bsd(lines[1]!))}12x4 garbage`)
    await closed(bad)
    const garbage = await tcp(port)
    garbage.write('\x16\x03\x01 TLS hello to a plain port\n')
    await closed(garbage)
    const good = await tcp(port)
    good.write(
      lines
        .slice(2)
        .map((l) => frame(rfc5424(l)))
        .join(''),
    )
    await waitFor(() => server!.events.length === 6, 'the 6 events')
    expect(c!.collector.metrics.rejected).toEqual({ malformed: 2 })
    good.end()
  })
})

describe('syslogBody', () => {
  it('finds the body after RFC 5424 and RFC 3164 headers, with or without a host', () => {
    expect(syslogBody('<134>1 2023-11-14T22:13:20Z host app 12 ID1 - body here')).toEqual({
      ok: true,
      body: 'body here',
      rfc: 5424,
    })
    expect(
      syslogBody('<134>1 2023-11-14T22:13:20Z host app - - [a b="c\\]"][d e="f"] \uFEFFmsg'),
    ).toMatchObject({ body: 'msg' })
    expect(syslogBody('<134>1 - - - - - -')).toMatchObject({ ok: true, body: '' })
    expect(syslogBody('<190>Nov  4 22:13:20 web-1 nginx: 1.2.3.4 - - [x]')).toMatchObject({
      body: '1.2.3.4 - - [x]',
      rfc: 3164,
    })
    expect(syslogBody('<134>Nov 14 22:13:20 haproxy[1234]: 10.0.0.1:5 [14/Nov]')).toMatchObject({
      body: '10.0.0.1:5 [14/Nov]',
    })
    expect(syslogBody('<134>2023-11-14T22:13:20+00:00 web-1 nginx: {"a":1}')).toMatchObject({
      body: '{"a":1}',
    })
    expect(syslogBody('<13>web-1 plain message')).toMatchObject({ body: 'plain message' })
    expect(syslogBody('no pri')).toMatchObject({ ok: false })
    expect(syslogBody('<999>Nov 14 22:13:20 x y: z')).toMatchObject({ ok: false })
    expect(syslogBody('<134>1 2023-11-14T22:13:20Z host app - - [unclosed')).toMatchObject({ ok: false })
  })
})
