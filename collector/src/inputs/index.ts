// Inputs: where lines come from (files, stdin, HTTP pushes, syslog) and the registry of them.
export * from './file/index.js'
export * from './http/index.js'
export { LineSplitter } from './lines.js'
export { PushQueue } from './push-queue.js'
export { createInput, INPUT_TYPES, InputConfig, inputTypes } from './registry.js'
export * from './stdin/index.js'
export * from './syslog/index.js'
export type {
  BatchOutcome,
  Input,
  InputBatch,
  InputContext,
  InputLine,
  OpenFile,
  SourceRef,
} from './types.js'
