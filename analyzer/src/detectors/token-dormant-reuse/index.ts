import type { DetectorDefinition } from '../types.js'
import { TokenDormantReuseConfig } from './config.js'
import { createTokenDormantReuse, TYPE } from './token-dormant-reuse.js'

export const tokenDormantReuse: DetectorDefinition<TokenDormantReuseConfig> = {
  name: 'token_dormant_reuse',
  types: [TYPE],
  config: TokenDormantReuseConfig,
  create: createTokenDormantReuse,
}
