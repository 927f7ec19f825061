// Settings of the syslog input.
import Type, { type Static } from 'typebox'
import { commonInputFields, maxBytesField } from '../config.js'
import { listenField } from '../listen.js'

export const SyslogInputConfig = Type.Object(
  {
    type: Type.Literal('syslog', {
      description:
        'Receives syslog messages (RFC 5424 or RFC 3164) over UDP and/or TCP; the message body is the log line (nginx `access_log syslog:server=...`, HAProxy `log`).',
    }),
    ...commonInputFields(),
    udp: Type.Optional(listenField(undefined, 'Address to receive UDP datagrams on (one message each).')),
    tcp: Type.Optional(
      listenField(
        undefined,
        'Address to accept TCP connections on; each connection is framed by octet counting (RFC 6587 `LEN SP MSG`) or by newline, whichever its first byte shows.',
      ),
    ),
    max_message_bytes: maxBytesField(
      'Largest message accepted, bytes; larger ones are rejected as too_long.',
    ),
    max_queued_lines: Type.Integer({
      minimum: 1,
      maximum: 10_000_000,
      default: 50_000,
      description:
        'Messages received but not yet taken by the pipeline. When full, TCP connections stop being read (the sender waits) and UDP datagrams are dropped and counted (input_errors_total{kind="dropped_queue_full"}): UDP cannot wait.',
    }),
  },
  { additionalProperties: false, description: 'The syslog input: UDP and/or TCP receivers.' },
)
export type SyslogInputConfig = Static<typeof SyslogInputConfig>
