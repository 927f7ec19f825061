// Format auto-detection per source (format: auto).
export { type AutoOptions, createAutoParser, SAME_LINES } from './auto.js'
