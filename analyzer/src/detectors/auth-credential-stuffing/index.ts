// auth.credential_stuffing: failed logins across many identities, from one IP or many (OWASP API2).
import type { DetectorDefinition } from '../types.js'
import { CredentialStuffingConfig } from './config.js'
import { CREDENTIAL_STUFFING, createCredentialStuffing } from './credential-stuffing.js'

export const authCredentialStuffing: DetectorDefinition<CredentialStuffingConfig> = {
  name: 'auth_credential_stuffing',
  types: [CREDENTIAL_STUFFING],
  config: CredentialStuffingConfig,
  create: createCredentialStuffing,
}
