// Decode step: raw bytes (an NDJSON line or a Kafka message value) to a parsed JSON value, with
// a size limit checked before parsing so a hostile 1 MB record costs nothing.
import { deadLetter, drop, ok, type Step } from './step.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

export function createDecodeStep(options: { maxEventBytes: number }): Step<Uint8Array, unknown> {
  return function decode(bytes) {
    if (bytes.byteLength > options.maxEventBytes) {
      return deadLetter(
        'event_too_large',
        `event is ${bytes.byteLength} bytes, over the ${options.maxEventBytes} limit`,
      )
    }
    let text: string
    try {
      text = utf8.decode(bytes)
    } catch {
      return deadLetter('invalid_utf8', 'event is not valid UTF-8 text')
    }
    if (text.trim() === '') return drop('blank line')
    try {
      return ok(JSON.parse(text))
    } catch (err) {
      return deadLetter('invalid_json', (err as Error).message)
    }
  }
}
