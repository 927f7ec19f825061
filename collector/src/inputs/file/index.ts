// File input: tails a log file with checkpoints, rotation and truncation handling.
export { FileInputConfig } from './config.js'
export {
  type FileInputOptions,
  type InputBatch,
  type InputLine,
  readFileInput,
  type SourceRef,
} from './file.js'
export { sourceIdentity } from './source-identity.js'
