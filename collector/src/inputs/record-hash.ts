// The hash a push input's event_id derives from: the same raw record always gets the same id, so
// a record the gateway (or an operator) pushes twice is absorbed by the analyzer.
import { hash } from 'node:crypto'
import type { InputLine } from './types.js'

export function withRecordHash(line: InputLine): InputLine {
  if (line.reject === undefined) line.recordHash = hash('sha256', line.text, 'hex')
  return line
}
