import type { DetectorDefinition } from '../types.js'
import { TokenExpiredAcceptedConfig } from './config.js'
import { createTokenExpiredAccepted, TYPE } from './token-expired-accepted.js'

export const tokenExpiredAccepted: DetectorDefinition<TokenExpiredAcceptedConfig> = {
  name: 'token_expired_accepted',
  types: [TYPE],
  config: TokenExpiredAcceptedConfig,
  create: createTokenExpiredAccepted,
}
