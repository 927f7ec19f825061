// Syslog input: UDP and TCP receivers, RFC 5424 / RFC 3164, octet counting or newline framing.
export { SyslogInputConfig } from './config.js'
export { NewlineFramer, OctetCountingFramer } from './framing.js'
export { syslogBody } from './message.js'
export { createSyslogInput, messageLine, type SyslogInput } from './syslog.js'
