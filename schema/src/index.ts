export * from './access-event.js'
export * from './validate.js'
export * from './api.js'
