// Credential handling: keyed fingerprints, principals, and path/query/text redaction.
export { RedactConfig } from './config.js'
export * as redactDefaults from './defaults.js'
export { fingerprintCredential } from './fingerprint.js'
export { readJwtClaims } from './jwt.js'
export {
  createRedactor,
  type QueryCredential,
  REDACTED,
  type Redactor,
  type RedactorOptions,
} from './redactor.js'
export { isJwtShaped, looksSecret } from './secret-shape.js'
export { createTextRedactor, redactText, type TextRedactor } from './text.js'
