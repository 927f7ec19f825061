// The checks every format shares before its own parsing, so each parser gets a clean line: a
// trailing CR (CRLF files) and a byte-order mark (Windows tools write one at the start of a file)
// are removed, blank lines are skipped, and text that cannot be a log line (invalid UTF-8, NUL
// bytes, absurd length) is rejected. The file input already refuses control bytes and invalid
// UTF-8; push inputs (HTTP, syslog, stdin) reach parsers without it, hence these cheap indexOf checks.
import {
  type FormatDefinition,
  type ParseOutcome,
  type Parser,
  type Rejection,
  reject,
  SKIP,
  type Skip,
} from './types.js'

/** Longest line any parser reads, characters (the file input's own cap, max_line_bytes, is lower). */
export const MAX_LINE_CHARS = 16 * 1024 * 1024

/** A format's line function: gets a screened line, returns a record, a rejection or a skip. */
export type LineParser = (line: string) => ParseOutcome

/** The line ready for a parser, or the outcome that makes parsing it pointless. */
export function screen(line: string): string | Skip | Rejection {
  let s = line
  if (s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1)
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1)
  if (s.length === 0) return SKIP
  const c = s.charCodeAt(0)
  if ((c === 32 || c === 9) && s.trim().length === 0) return SKIP
  if (s.length > MAX_LINE_CHARS) return reject('too_long', `line longer than ${MAX_LINE_CHARS} characters`)
  if (s.indexOf('\uFFFD') !== -1) return reject('binary', 'invalid UTF-8')
  if (s.indexOf('\0') !== -1) return reject('binary', 'NUL byte in the line')
  return s
}

/** A Parser from a format's line function, with the shared screening in front of it. */
export function guarded(format: string, parseLine: LineParser): Parser {
  return {
    format,
    parse(line) {
      const s = screen(line)
      if (typeof s !== 'string') return s
      try {
        return parseLine(s)
      } catch {
        // A parser bug must cost one line, not the pipeline; the error text may quote the line.
        return reject('malformed', `the ${format} parser failed on this line`)
      }
    },
  }
}

/** The registry entry of a format that keeps no state and needs no options: one shared parser. */
export function statelessFormat(format: string, summary: string, parseLine: LineParser): FormatDefinition {
  const shared = guarded(format, parseLine)
  return { summary, shared, detectable: true, create: () => shared }
}
