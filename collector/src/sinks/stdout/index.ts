// stdout sink for --dry-run.
export { createStdoutSink } from './stdout.js'
