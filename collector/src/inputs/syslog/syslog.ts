// Syslog receivers: UDP (a message per datagram) and TCP (octet counting or newline framing,
// detected per connection). The body of each message, after its RFC 5424 or RFC 3164 header, is
// the log line handed to the input's parser; the event_id derives from a hash of the whole
// message. A bad message or frame is a counted rejection and costs nothing else: the connection
// goes on, or, when its framing is lost, is closed after what came before was kept.
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { createServer, type Server, type Socket } from 'node:net'
import { decodeLine, tooLong } from '../lines.js'
import { boundAddress, parseListen } from '../listen.js'
import { PushQueue } from '../push-queue.js'
import { withRecordHash } from '../record-hash.js'
import type { Input, InputContext, InputLine, SourceRef } from '../types.js'
import type { SyslogInputConfig } from './config.js'
import { type Framer, NewlineFramer, OctetCountingFramer } from './framing.js'
import { syslogBody } from './message.js'

/** Messages handed over together, so a busy receiver still makes few batches. */
const MERGE_LINES = 2000

export interface SyslogInput extends Input {
  /** Where the receivers listen, once started. */
  addresses(): { udp?: string; tcp?: string }
}

/** A framed message → the line for the parser (its body), keyed by a hash of the whole message. */
export function messageLine(message: InputLine): InputLine {
  if (message.reject) return message
  const body = syslogBody(message.text)
  if (!body.ok)
    return {
      offset: message.offset,
      text: message.text.slice(0, 512),
      reject: { reason: 'malformed', detail: body.detail },
    }
  const keyed = withRecordHash({ offset: message.offset, text: message.text })
  return { offset: message.offset, text: body.body, recordHash: keyed.recordHash }
}

export function createSyslogInput(config: SyslogInputConfig, ctx: InputContext): SyslogInput {
  const source: SourceRef = { id: config.name, path: 'syslog', checkpointed: false }
  const queue = new PushQueue(config.max_queued_lines, MERGE_LINES)
  const sockets = new Set<Socket>()
  let udp: UdpSocket | null = null
  let tcp: Server | null = null
  let failed: string | null = null
  let received = 0
  let droppedSince = 0
  const nextOffset = () => received++

  function offer(lines: InputLine[]): boolean {
    if (lines.length === 0) return true
    return queue.offer({ source, lines: lines.map(messageLine) })
  }

  function onDatagram(msg: Buffer): void {
    const offset = nextOffset()
    let end = msg.length
    while (end > 0 && (msg[end - 1] === 10 || msg[end - 1] === 13)) end--
    const line =
      end > config.max_message_bytes
        ? tooLong(msg, 0, offset, config.max_message_bytes, 'syslog datagram')
        : decodeLine(msg, 0, end, offset)
    if (offer([line])) return
    ctx.countError('dropped_queue_full')
    // One warning per burst of drops, not one per datagram.
    if (droppedSince === 0)
      ctx.log.warn('The pipeline is full; UDP syslog messages are being dropped.', { input: config.name })
    droppedSince = Date.now()
    setTimeout(() => {
      if (Date.now() - droppedSince >= 10_000) droppedSince = 0
    }, 10_000).unref()
  }

  function onConnection(socket: Socket): void {
    if (ctx.signal.aborted) {
      socket.destroy()
      return
    }
    sockets.add(socket)
    let framer: Framer | null = null
    socket.on('data', (chunk: Buffer) => {
      if (framer === null) {
        const first = chunk[0]!
        if (first >= 0x31 && first <= 0x39)
          framer = new OctetCountingFramer(config.max_message_bytes, nextOffset)
        else if (first === 0x3c) framer = new NewlineFramer(config.max_message_bytes, nextOffset)
        else {
          ctx.countError('bad_frame')
          offer([
            {
              offset: nextOffset(),
              text: chunk.toString('utf8', 0, Math.min(512, chunk.length)),
              reject: {
                reason: 'malformed',
                detail: 'a TCP syslog stream must start with a frame length or <PRI>',
              },
            },
          ])
          socket.end()
          socket.destroySoon()
          return
        }
      }
      const { messages, fatal } = framer.push(chunk)
      offer(messages)
      if (fatal) {
        ctx.countError('bad_frame')
        ctx.log.warn('A syslog TCP connection sent a bad frame; it is closed.', {
          input: config.name,
          remote: socket.remoteAddress,
          detail: fatal,
        })
        socket.end()
        socket.destroySoon()
        framer = null
        socket.removeAllListeners('data')
        return
      }
      if (queue.full) {
        // Backpressure: stop reading until the pipeline took what is queued; the sender's writes wait.
        socket.pause()
        queue.room().then(() => {
          if (!ctx.signal.aborted) socket.resume()
        })
      }
    })
    socket.on('end', () => {
      if (framer === null) return
      const { messages, cut } = framer.end()
      offer(messages)
      if (cut) ctx.countError('cut_frame')
    })
    socket.on('error', () => ctx.countError('connection_error'))
    socket.on('close', () => sockets.delete(socket))
  }

  ctx.signal.addEventListener(
    'abort',
    () => {
      // Stop receiving; what is queued is still delivered before the collector exits.
      tcp?.close()
      for (const s of sockets) s.pause()
      udp?.removeAllListeners('message')
      queue.end()
    },
    { once: true },
  )

  function listenError(key: string, address: string, err: NodeJS.ErrnoException): Error {
    return new Error(`${ctx.key}.${key} ${address}: cannot listen (${err.code ?? err.message})`)
  }

  return {
    name: config.name,
    type: 'syslog',
    async start() {
      if (config.udp) {
        const { host, port } = parseListen(config.udp)
        const s = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' })
        await new Promise<void>((resolve, reject) => {
          s.once('error', (err) => reject(listenError('udp', config.udp!, err)))
          s.bind(port, host, () => resolve())
        })
        s.on('error', (err) => {
          failed = `UDP receiver: ${err.message}`
          ctx.countError('server_failed')
        })
        s.on('message', onDatagram)
        udp = s
      }
      if (config.tcp) {
        const { host, port } = parseListen(config.tcp)
        const server = createServer(onConnection)
        await new Promise<void>((resolve, reject) => {
          server.once('error', (err) => reject(listenError('tcp', config.tcp!, err)))
          server.listen(port, host, () => resolve())
        })
        server.on('error', (err) => {
          failed = `TCP receiver: ${err.message}`
          ctx.countError('server_failed')
        })
        tcp = server
      }
      ctx.log.info('The syslog input is listening.', { input: config.name, ...this.addresses() })
    },
    batches: () => queue[Symbol.asyncIterator](),
    problem: () => failed,
    addresses() {
      const out: { udp?: string; tcp?: string } = {}
      if (udp) {
        const a = udp.address()
        out.udp = a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`
      }
      if (tcp) out.tcp = boundAddress(tcp)
      return out
    },
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => (tcp?.listening ? tcp.close(() => resolve()) : resolve()))
      if (udp) await new Promise<void>((resolve) => udp!.close(() => resolve()))
    },
  }
}
