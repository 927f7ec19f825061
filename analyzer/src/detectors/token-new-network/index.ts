import type { DetectorDefinition } from '../types.js'
import { TokenNewNetworkConfig } from './config.js'
import { createTokenNewNetwork, TYPE } from './token-new-network.js'

export const tokenNewNetwork: DetectorDefinition<TokenNewNetworkConfig> = {
  name: 'token_new_network',
  types: [TYPE],
  config: TokenNewNetworkConfig,
  create: createTokenNewNetwork,
}
