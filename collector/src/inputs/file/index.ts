// File input: tails log files by path or glob, with checkpoints, rotation and truncation handling.
export { FileInputConfig } from './config.js'
export { COMPRESSED, createFileInput, type FileInputOptions, FileTailer, readFiles } from './file.js'
export { sourceIdentity } from './source-identity.js'
