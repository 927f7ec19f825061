import type { DetectorDefinition } from '../types.js'
import { TokenScopeDriftConfig } from './config.js'
import { createTokenScopeDrift, TYPE } from './token-scope-drift.js'

export const tokenScopeDrift: DetectorDefinition<TokenScopeDriftConfig> = {
  name: 'token_scope_drift',
  types: [TYPE],
  config: TokenScopeDriftConfig,
  create: createTokenScopeDrift,
}
