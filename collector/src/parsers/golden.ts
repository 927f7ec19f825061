// Golden-file cases for parser tests (CrowdSec hubtest style): fixtures/<case>/input.log holds
// real or hand-made lines, fixtures/<case>/expected.jsonl the outcome of each line, in order.
// `UPDATE_GOLDEN=1 npx vitest run` rewrites expected.jsonl; review the diff before keeping it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Parser } from './types.js'

export interface GoldenCase {
  name: string
  lines: string[]
  actual: unknown[]
  expected: unknown[]
}

export function goldenCases(fixturesDir: string, parser: Parser): GoldenCase[] {
  return readdirSync(fixturesDir).map((name) => {
    const dir = join(fixturesDir, name)
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
