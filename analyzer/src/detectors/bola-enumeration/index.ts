// bola.enumeration: one principal walking the object ids of a route (OWASP API1).
import type { DetectorDefinition } from '../types.js'
import { BOLA_ENUMERATION, createBolaEnumeration } from './bola-enumeration.js'
import { BolaEnumerationConfig } from './config.js'

export const bolaEnumeration: DetectorDefinition<BolaEnumerationConfig> = {
  name: 'bola_enumeration',
  types: [BOLA_ENUMERATION],
  config: BolaEnumerationConfig,
  create: createBolaEnumeration,
}
