// --dry-run sink: prints each event as one JSON line, so an operator can see exactly what would
// leave the machine (credentials already reduced to fingerprints).
import type { Writable } from 'node:stream'
import type { Sink } from '../types.js'

export function createStdoutSink(out: Writable = process.stdout): Sink {
  return {
    kind: 'stdout',
    async send(events) {
      const text = `${events.map((e) => JSON.stringify(e)).join('\n')}\n`
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve))
    },
    close: async () => {},
  }
}
