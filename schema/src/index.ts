export * from './access-event.js'
export * from './api.js'
export * from './api-query.js'
export * from './validate.js'
