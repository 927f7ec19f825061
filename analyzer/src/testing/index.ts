// Helpers shared by the analyzer's tests (not exported from the package).
export * from './events.js'
export * from './kafka.js'
export * from './store.js'
