// HAProxy HTTP log parser.
export { createHaproxyParser, decodeHaproxy, haproxy, haproxyFormat } from './haproxy.js'
