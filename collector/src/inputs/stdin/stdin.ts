// Reads lines from standard input until end of file. There is no checkpoint: a pipe cannot be
// rewound, so after a restart the producer (`tail -F`, `journalctl -f`) decides where reading
// starts. Instead each event_id derives from the input name and a hash of the raw line, so lines
// the producer sends again (`tail -n 100 -F` after a restart) are the same events to the analyzer.
import type { Readable } from 'node:stream'
import { LineSplitter } from '../lines.js'
import { withRecordHash } from '../record-hash.js'
import type { Input, InputBatch, InputContext, SourceRef } from '../types.js'
import type { StdinInputConfig } from './config.js'

export async function* readStream(
  stream: Readable,
  source: SourceRef,
  maxLineBytes: number,
  signal: AbortSignal,
): AsyncGenerator<InputBatch> {
  const splitter = new LineSplitter(maxLineBytes)
  const chunks = stream[Symbol.asyncIterator]()
  const stopped = new Promise<IteratorResult<Buffer>>((resolve) => {
    if (signal.aborted) resolve({ done: true, value: undefined })
    signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true })
  })
  while (true) {
    const next: IteratorResult<Buffer | string> = await Promise.race([chunks.next(), stopped])
    if (next.done) break
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value
    const lines = splitter.push(chunk).map(withRecordHash)
    if (lines.length > 0) yield { source, lines }
  }
  if (signal.aborted) {
    // Stop reading; what the pipe still holds is the producer's to send again.
    stream.pause()
    return
  }
  const last = splitter.flush().map(withRecordHash)
  if (last.length > 0) yield { source, lines: last }
}

export function createStdinInput(
  config: StdinInputConfig,
  ctx: InputContext,
  stream: Readable = process.stdin,
): Input {
  const source: SourceRef = { id: config.name, path: 'stdin', checkpointed: false }
  return {
    name: config.name,
    type: 'stdin',
    start: async () => {},
    batches: () => readStream(stream, source, config.max_line_bytes, ctx.signal),
    problem: () => null,
    close: async () => {},
  }
}
