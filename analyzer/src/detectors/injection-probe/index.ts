// injection.probe: injection and SSRF payloads in paths and query values (OWASP API8, API7).
import type { DetectorDefinition } from '../types.js'
import { InjectionProbeConfig } from './config.js'
import { createInjectionProbe, INJECTION_PROBE } from './injection-probe.js'

export const injectionProbe: DetectorDefinition<InjectionProbeConfig> = {
  name: 'injection_probe',
  types: [INJECTION_PROBE],
  config: InjectionProbeConfig,
  create: createInjectionProbe,
}
