// Stdin input: lines from standard input until end of file, event_ids from the raw line.
export { StdinInputConfig } from './config.js'
export { createStdinInput, readStream } from './stdin.js'
