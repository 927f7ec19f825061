// `--format auto`: detects the format of each source from its first lines. Every candidate format
// (each built-in format that needs no options, or parser.auto.formats) reads the sample in
// order, in its own fresh parser (so IIS sees its #Fields line); the winner is the one that parses
// the largest share of the lines it does not skip, provided it parses the majority. The input's
// lookahead gives the sample before the first line is parsed, so a file that already has lines is
// detected from up to sample_lines of them at once; a file that grows line by line is decided at
// its first data line and re-tried on later lines while nothing fits. Lines before the decision
// that are skips for every candidate (blank lines, `#` directives) are held and replayed into the
// chosen parser. One sentence is logged for the choice, or for giving up. nginx-combined and
// apache-combined read the same lines: auto picks nginx-combined (it also reads an appended
// X-Forwarded-For) and says so; any other tie is reported as ambiguous rather than guessed.
import type { ParserOptions } from '../config.js'
import {
  type FormatDefinition,
  type ParseOutcome,
  type Parser,
  type ParserContext,
  reject,
  SKIP,
} from '../types.js'

/** Formats that read the same lines; on a tie auto takes the first, names the others and says why. */
export const SAME_LINES: readonly { formats: readonly string[]; why: string }[] = [
  { formats: ['nginx-combined', 'apache-combined'], why: 'it also reads a trailing X-Forwarded-For field' },
]

/** Lines held while every candidate skips them (directives, blank lines), at most. */
const MAX_HELD = 1000

interface Candidate {
  format: string
  parser: Parser
  ok: number
  rejected: number
}

export interface AutoOptions {
  /** Most data lines looked at before giving up. */
  sampleLines: number
  /** Candidate formats in preference order (registry order), with their definitions. */
  candidates: readonly (readonly [string, FormatDefinition])[]
  options: ParserOptions
  context: ParserContext
}

function sameLines(a: string, b: string): { why: string } | undefined {
  return SAME_LINES.find((g) => g.formats.includes(a) && g.formats.includes(b))
}

type Verdict =
  | { kind: 'chosen'; winner: Candidate; equivalent: string[] }
  | { kind: 'ambiguous'; tied: Candidate[] }
  | { kind: 'none'; best: Candidate | undefined }
  | { kind: 'waiting' }

export function createAutoParser(o: AutoOptions): Parser {
  const { sampleLines, context } = o
  const candidates: Candidate[] = o.candidates.map(([format, def]) => ({
    format,
    parser: def.create(o.options, context),
    ok: 0,
    rejected: 0,
  }))
  const known: string[] = []
  let cursor = 0
  let chosen: Parser | null = null
  let chosenFormat = 'auto'
  let gaveUp: string | null = null
  const source = context.source ?? 'the input'

  function dataSeen(): number {
    let n = 0
    for (const c of candidates) n = Math.max(n, c.ok + c.rejected)
    return n
  }

  /** Whether some candidate skipped each known line: a directive or notice to hold, not reject. */
  const skippedBySome: boolean[] = []

  function feed(line: string): void {
    if (known.length >= MAX_HELD && cursor > 0) {
      known.shift()
      skippedBySome.shift()
      cursor--
    }
    known.push(line)
    let skipped = false
    for (const c of candidates) {
      const r = c.parser.parse(line)
      if (r.ok === true) c.ok++
      else if (r.ok === false) c.rejected++
      else skipped = true
    }
    skippedBySome.push(skipped)
  }

  function verdict(): Verdict {
    let best: Candidate | undefined
    const eligible: Candidate[] = []
    for (const c of candidates) {
      if (c.ok > 0 && c.ok > c.rejected) eligible.push(c)
      if (best === undefined || c.ok > best.ok) best = c
    }
    if (eligible.length === 0) return dataSeen() === 0 ? { kind: 'waiting' } : { kind: 'none', best }
    const score = (c: Candidate) => c.ok / (c.ok + c.rejected)
    let top = eligible[0]!
    for (const c of eligible) if (score(c) > score(top) || (score(c) === score(top) && c.ok > top.ok)) top = c
    const tied = eligible.filter((c) => score(c) === score(top) && c.ok === top.ok)
    const winner = tied[0]!
    const others = tied.slice(1)
    if (others.every((c) => sameLines(winner.format, c.format) !== undefined)) {
      return { kind: 'chosen', winner, equivalent: others.map((c) => c.format) }
    }
    return { kind: 'ambiguous', tied }
  }

  function choose(winner: Candidate, equivalent: string[]): void {
    const def = o.candidates.find(([f]) => f === winner.format)![1]
    const parser = def.create(o.options, context)
    // Bring the chosen parser to where the input is: the lines already answered for.
    for (let i = 0; i < cursor - 1; i++) parser.parse(known[i]!)
    chosen = parser
    chosenFormat = winner.format
    const looked = winner.ok + winner.rejected
    const group = equivalent.length > 0 ? sameLines(winner.format, equivalent[0]!) : undefined
    const same =
      group === undefined
        ? ''
        : ` (${equivalent.join(' and ')} reads the same lines; ${winner.format} was chosen because ${group.why})`
    context.log?.info(
      `Detected the log format of ${source}: ${winner.format}, which parsed ${winner.ok} of the first ${looked} lines${same}.`,
      { source, format: winner.format, sampled: looked, parsed: winner.ok, same_as: equivalent },
    )
    known.length = 0
    skippedBySome.length = 0
  }

  function giveUp(v: Verdict): void {
    if (v.kind === 'ambiguous') {
      gaveUp = `auto-detection found ${v.tied.map((c) => c.format).join(' and ')} equally likely for this source; set input.format`
    } else {
      const best =
        v.kind === 'none' && v.best !== undefined && v.best.ok > 0
          ? ` (best: ${v.best.format}, ${v.best.ok} lines)`
          : ''
      gaveUp = `auto-detection found no format that parses most of the first ${dataSeen()} lines of this source${best}; set input.format`
    }
    context.log?.error(
      `Could not detect the log format of ${source}: ${gaveUp.replace(/^auto-detection /, '')}.`,
      {
        source,
        sampled: dataSeen(),
      },
    )
    known.length = 0
  }

  function parse(line: string): ParseOutcome {
    if (chosen !== null) return chosen.parse(line)
    if (gaveUp !== null) return reject('unknown_shape', gaveUp)
    if (cursor >= known.length) feed(line)
    cursor++
    const v = verdict()
    if (v.kind === 'chosen') {
      choose(v.winner, v.equivalent)
      return chosen!.parse(line)
    }
    // Blank lines, directives, a gateway's notices: hold them, replay them once a format is chosen.
    if (v.kind === 'waiting' || skippedBySome[cursor - 1]) return SKIP
    if (dataSeen() >= sampleLines) {
      giveUp(v)
      return reject('unknown_shape', gaveUp!)
    }
    return v.kind === 'ambiguous'
      ? reject(
          'unknown_shape',
          `auto-detection is undecided between ${v.tied.map((c) => c.format).join(' and ')} so far`,
        )
      : reject('unknown_shape', 'auto-detection has not recognised the format of this source yet')
  }

  return {
    get format() {
      return chosenFormat
    },
    parse,
    lookahead(lines) {
      // Only lines that come next: the input calls this before parsing them, in order.
      if (chosen !== null || gaveUp !== null || cursor !== known.length) return
      for (let i = 0; i < lines.length && dataSeen() < sampleLines; i++) feed(lines[i]!)
    },
  }
}
