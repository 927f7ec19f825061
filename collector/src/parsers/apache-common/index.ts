// Apache common (NCSA CLF) access-log parser.
export { apacheCommon, apacheCommonFormat } from './apache-common.js'
