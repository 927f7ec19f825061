// Every detector the engine can run. Adding a detector is a folder `detectors/<name>/` and one
// line here; its config appears under `detectors.<name>` in the analyzer config. Keep each
// helper's lines inside its own block so merges stay line additions.
import { authBruteForce } from './auth-brute-force/index.js'
import { authCredentialStuffing } from './auth-credential-stuffing/index.js'
import { bolaEnumeration } from './bola-enumeration/index.js'
import { exfilResponseVolume } from './exfil-response-volume/index.js'
import { injectionProbe } from './injection-probe/index.js'
import { inventoryShadowEndpoint } from './inventory-shadow-endpoint/index.js'
import { inventoryUnauthenticatedAccess } from './inventory-unauthenticated-access/index.js'
import { inventoryZombieInUse } from './inventory-zombie-in-use/index.js'
import { reconLowAndSlow } from './recon-low-and-slow/index.js'
import { reconScanBurst } from './recon-scan-burst/index.js'
import { reconSensitivePaths } from './recon-sensitive-paths/index.js'
import { scrapeCrawl } from './scrape-crawl/index.js'
import { tokenConcurrentNetworks } from './token-concurrent-networks/index.js'
import { tokenDormantReuse } from './token-dormant-reuse/index.js'
import { tokenExpiredAccepted } from './token-expired-accepted/index.js'
import { tokenNewNetwork } from './token-new-network/index.js'
import { tokenScopeDrift } from './token-scope-drift/index.js'
import { tokenVolumeAnomaly } from './token-volume-anomaly/index.js'
import type { DetectorDefinition } from './types.js'
import { volumeEndpointSpike } from './volume-endpoint-spike/index.js'
import { volumeSourceFlood } from './volume-source-flood/index.js'

export const detectorDefinitions: readonly DetectorDefinition<never>[] = [
  // ── token.* (detect) ──
  tokenNewNetwork,
  tokenConcurrentNetworks,
  tokenScopeDrift,
  tokenVolumeAnomaly,
  tokenExpiredAccepted,
  tokenDormantReuse,
  // ── end token.* ──
  // ── recon, bola, auth, injection (detectors2) ──
  reconLowAndSlow,
  reconScanBurst,
  reconSensitivePaths,
  bolaEnumeration,
  authCredentialStuffing,
  authBruteForce,
  injectionProbe,
  // ── end detectors2 ──
  // ── volume, exfil, scrape, inventory (detectors3) ──
  volumeEndpointSpike,
  volumeSourceFlood,
  exfilResponseVolume,
  scrapeCrawl,
  inventoryShadowEndpoint,
  inventoryUnauthenticatedAccess,
  inventoryZombieInUse,
  // ── end detectors3 ──
]

/** The definition named `name`, or undefined. */
export function findDetector(name: string): DetectorDefinition<never> | undefined {
  return detectorDefinitions.find((d) => d.name === name)
}
