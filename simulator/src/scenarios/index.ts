// Attack scenarios and benign look-alikes for the detection benchmark.
export { attackTimes, effectiveRate } from './actors.js'
export { INJECTION_PAYLOADS } from './injection.js'
export { RETIRED_ROUTES, SHADOW_ROUTES } from './inventory.js'
export { LOOKALIKES, type LookalikeDefinition } from './lookalikes.js'
export {
  createScenarioRun,
  groundTruthJsonl,
  type ScenarioPlan,
  type ScenarioRun,
  type ScenarioRunOptions,
} from './mix.js'
export { SENSITIVE_PATHS } from './recon.js'
export { SCENARIOS } from './registry.js'
export { catalogueSpecs } from './spec.js'
export {
  ATTACK_TYPES,
  type AttackType,
  type GroundTruth,
  isAttackType,
  type ScenarioContext,
  type ScenarioDefinition,
  type ScenarioKnobs,
  type ScenarioTraffic,
  type TruthSubject,
} from './types.js'
