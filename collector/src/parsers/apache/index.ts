// Apache httpd access logs in a configured LogFormat, and the LogFormat compiler.
export { apacheFormat, COMBINED_LOG_FORMAT, COMMON_LOG_FORMAT, createLogFormatParser } from './apache.js'
export { type CompiledLogFormat, compileLogFormat, unescapeApache } from './logformat.js'
