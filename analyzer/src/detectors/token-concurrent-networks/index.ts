import type { DetectorDefinition } from '../types.js'
import { TokenConcurrentNetworksConfig } from './config.js'
import { createTokenConcurrentNetworks, TYPE } from './token-concurrent-networks.js'

export const tokenConcurrentNetworks: DetectorDefinition<TokenConcurrentNetworksConfig> = {
  name: 'token_concurrent_networks',
  types: [TYPE],
  config: TokenConcurrentNetworksConfig,
  create: createTokenConcurrentNetworks,
}
