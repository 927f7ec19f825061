// recon.scan_burst: a fast path scan from one source (OWASP API8).
import type { DetectorDefinition } from '../types.js'
import { ScanBurstConfig } from './config.js'
import { createScanBurst, SCAN_BURST } from './scan-burst.js'

export const reconScanBurst: DetectorDefinition<ScanBurstConfig> = {
  name: 'recon_scan_burst',
  types: [SCAN_BURST],
  config: ScanBurstConfig,
  create: createScanBurst,
}
