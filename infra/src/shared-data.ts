// Finds the real public access logs of ../shared/data (see its README) for parser coverage and
// false-positive tests. The folder sits beside the repository in a normal checkout; a clone made
// elsewhere (CI) finds it through GATEWATCH_SHARED_DATA or the workplace's fixed location.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

const candidates = (): string[] =>
  [process.env.GATEWATCH_SHARED_DATA, join(repoRoot, '../shared/data'), '/work/shared/data'].filter(
    (dir): dir is string => Boolean(dir),
  )

/** The shared data folder, or an error that says where it was looked for. */
export function sharedDataDir(): string {
  const tried = candidates()
  const found = tried.find((dir) => existsSync(join(dir, 'README.md')))
  if (!found) {
    throw new Error(
      `the shared access-log samples were not found (looked in ${tried.join(', ')}); set GATEWATCH_SHARED_DATA`,
    )
  }
  return found
}

/** The path of one file inside the shared data folder, e.g. sharedDataPath('nginx', 'access.log'). */
export function sharedDataPath(...segments: string[]): string {
  return join(sharedDataDir(), ...segments)
}
