// Rejected lines, one JSON object per line in <state-dir>/dead-letter.ndjson: the reason, a
// sentence of detail, where the line was, and a truncated, redacted sample of it.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import { createTextRedactor, type TextRedactor } from './redact/index.js'

const strictText = createTextRedactor({}, { strict: true })

export interface DeadLetter {
  reason: string
  detail: string
  source: string
  offset: number
  sample: string
}

export interface DeadLetterSink {
  write(letter: DeadLetter): void
  close(): Promise<void>
}

/** Opens the dead-letter file; `scrub` is the config's strict text redactor (Redactor.sample). */
export function openDeadLetters(stateDir: string, scrub: TextRedactor = strictText): DeadLetterSink {
  mkdirSync(stateDir, { recursive: true })
  const stream: WriteStream = createWriteStream(join(stateDir, 'dead-letter.ndjson'), { flags: 'a' })
  return {
    write(letter) {
      stream.write(
        `${JSON.stringify({ time: new Date().toISOString(), ...letter, detail: scrub(letter.detail), sample: scrub(letter.sample) })}\n`,
      )
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
      ),
  }
}

/** For --dry-run: rejections are only logged, the state directory is left alone. */
export const noDeadLetters: DeadLetterSink = { write() {}, close: async () => {} }
