// Every detector the engine can run. Adding a detector is a folder `detectors/<name>/` and one
// line here; its config appears under `detectors.<name>` in the analyzer config. Keep each
// helper's lines inside its own block so merges stay line additions.
import { tokenNewNetwork } from './token-new-network/index.js'
import type { DetectorDefinition } from './types.js'

export const detectorDefinitions: readonly DetectorDefinition<never>[] = [
  // ── token.* (detect) ──
  tokenNewNetwork,
  // ── end token.* ──
  // ── recon, bola, auth, injection (detectors2) ──
  // ── end detectors2 ──
  // ── volume, exfil, scrape, inventory (detectors3) ──
  // ── end detectors3 ──
]

/** The definition named `name`, or undefined. */
export function findDetector(name: string): DetectorDefinition<never> | undefined {
  return detectorDefinitions.find((d) => d.name === name)
}
