// Golden-file cases for parser tests (CrowdSec hubtest style): fixtures/<case>/input.log holds
// real or hand-made lines, fixtures/<case>/expected.jsonl the outcome of each line, in order, and
// an optional fixtures/<case>/options.json the parser options (an input's parser section) for that case;
// SOURCE.md says where the lines come from. Each case gets a fresh parser, so stateful formats
// (IIS #Fields) start clean. `UPDATE_GOLDEN=1 npx vitest run` rewrites expected.jsonl; review the
// diff before keeping it.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ParserOptions } from './config.js'
import type { Parser } from './types.js'

export interface GoldenCase {
  name: string
  lines: string[]
  actual: unknown[]
  expected: unknown[]
}

/** A parser, or how to make a fresh one from a case's options. */
export type ParserSource = Parser | ((options: ParserOptions) => Parser)

export function goldenCases(fixturesDir: string, source: ParserSource): GoldenCase[] {
  return readdirSync(fixturesDir)
    .filter((name) => statSync(join(fixturesDir, name)).isDirectory())
    .map((name) => {
      const dir = join(fixturesDir, name)
      const optionsFile = join(dir, 'options.json')
      const options = existsSync(optionsFile)
        ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as ParserOptions)
        : {}
      const parser = typeof source === 'function' ? source(options) : source
      const lines = readFileSync(join(dir, 'input.log'), 'utf8').split('\n')
      if (lines.at(-1) === '') lines.pop()
      // A JSON round trip drops undefined fields, as expected.jsonl does.
      const actual = lines.map((l) => JSON.parse(JSON.stringify(parser.parse(l))) as unknown)
      const expectedFile = join(dir, 'expected.jsonl')
      if (process.env.UPDATE_GOLDEN === '1') {
        writeFileSync(expectedFile, `${actual.map((a) => JSON.stringify(a)).join('\n')}\n`)
      } else if (!existsSync(expectedFile)) {
        throw new Error(`${expectedFile} is missing: run UPDATE_GOLDEN=1 npx vitest run and review it`)
      }
      const expected = readFileSync(expectedFile, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as unknown)
      return { name, lines, actual, expected }
    })
}

/** One test per fixture case: the parser's outcomes equal expected.jsonl. */
export function describeGoldenFiles(format: string, fixturesDir: string, source: ParserSource): void {
  describe(`${format} golden files`, () => {
    for (const c of goldenCases(fixturesDir, source)) {
      it(`parses fixtures/${c.name} as expected`, () => {
        expect(c.actual).toEqual(c.expected)
      })
    }
  })
}
