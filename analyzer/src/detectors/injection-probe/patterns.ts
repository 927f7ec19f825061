// Curated injection signatures, tested against percent-decoded, lower-cased path segments and
// query values. Each pattern needs syntax a payload cannot do without (a quote closing a string
// before SQL keywords, a tag with a handler, a traversal reaching a system file, a shell operator
// before a command), so that names like O'Brien or a search for "select a plan" stay quiet.

export type InjectionClass = 'sqli' | 'xss' | 'traversal' | 'cmdi' | 'ssrf'

export interface Signature {
  name: string
  class: InjectionClass
  regex: RegExp
}

const sqlKeywords =
  'select|union|insert|update|delete|drop|exec|declare|waitfor|having|group\\s+by|order\\s+by'

export const SIGNATURES: Signature[] = [
  // SQL injection
  { name: 'union select', class: 'sqli', regex: /\bunion(\s+(all|distinct))?[\s(]+select\b/ },
  {
    name: 'quote or paren breaking out before SQL',
    class: 'sqli',
    regex: new RegExp(
      `['"\`)]\\s*(\\)\\s*)*(\\b(and|or|xor|rlike|like|where|as|in|${sqlKeywords})\\b[\\s\\S]*([=<>(]|--|#|/\\*|\\b(select|from|null|sleep|true|false)\\b)|(;|\\|\\||\\+)\\s*\\(?\\s*(select|chr|char|concat|sleep|exec|declare|drop|insert|update|delete|case|if)\\b)`,
    ),
  },
  {
    name: 'numeric tautology',
    class: 'sqli',
    regex: /\b(and|or|xor|where|when|if|elt|having)\b[\s(]*(\d+)\s*=\s*\(?\s*\2\b/,
  },
  {
    name: 'boolean condition',
    class: 'sqli',
    regex:
      /\b(or|and)\s+(['"]?)(\w+)\2\s*=\s*\2\3\2(\s|$|--|#|\/\*|\))|\b(or|and|having)\s+\d+\s*=\s*\d+\b|\border\s+by\s+\d+\s*(--|#|\/\*)/,
  },
  {
    name: 'stacked query',
    class: 'sqli',
    regex: new RegExp(
      `;\\s*(${sqlKeywords}|create|alter|truncate|call)\\b[\\s\\S]*(\\b(from|into|set|table|database|function|procedure|where|values|delay)\\b|--|#|/\\*|\\(|@@)|;\\s*shutdown\\b`,
    ),
  },
  {
    name: 'SQL function or catalog',
    class: 'sqli',
    regex:
      /\b(sleep|benchmark|pg_sleep|extractvalue|updatexml|make_set|load_file|randomblob|dbms_pipe\.\w+|utl_inaddr\.\w+|ctxsys\.\w+)\s*\(|\bwaitfor\s+delay\b|\b(information_schema|all_tables|all_users|sysobjects|pg_catalog|mysql\.user|rdb\$\w+)\b|@@version|\bxp_cmdshell\b|\binto\s+(out|dump)file\b/,
  },
  {
    name: 'select from with SQL syntax',
    class: 'sqli',
    regex:
      /\bselect\b[\s\S]{0,80}\bfrom\b[\s\S]*(--|#|\/\*|\bdual\b|\bwhere\b\s*\d|\(\s*\*\s*\)|\bcount\s*\()/,
  },
  { name: 'comment after quote', class: 'sqli', regex: /['"]\s*\)*\s*(--|#|\/\*)/ },
  // Cross-site scripting
  { name: 'script tag', class: 'xss', regex: /<\s*\/?\s*script\b/ },
  { name: 'event handler in markup', class: 'xss', regex: /(<[^>]*|["'`\s/])\bon[a-z]{3,}\s*=/ },
  { name: 'script URL', class: 'xss', regex: /\b(java|live|vb)script\s*:|\bdata\s*:\s*text\/html/ },
  {
    name: 'active HTML tag',
    class: 'xss',
    regex:
      /<\s*(img|svg|iframe|frame|body|object|embed|video|audio|details|math|input|form|a|div|span|style|link|meta|base|xml|t:set|head|html|marquee|isindex|bgsound|layer)\b[^>]*(>|\b(src|href|style|data\w*|content|attributename|dynsrc|lowsrc)\s*=)/,
  },
  {
    name: 'script API',
    class: 'xss',
    regex:
      /\b(document\.(cookie|domain|write|location)|window\.location|alert|prompt|confirm|eval)\s*[(=`]|string\.fromcharcode\s*\(|expression\s*\(/,
  },
  // Command injection (and template / JNDI lookups that end in code execution)
  {
    name: 'shell operator before a command',
    class: 'cmdi',
    regex:
      /([;&|`\n]|\$\(|\|\|)[\s+|]*((\/usr)?\/s?bin\/\w+|(cat|ls|id|whoami|uname|wget|curl|nc|ncat|bash|sh|ping|nslookup|netstat|echo|rm|chmod|python\d?|perl|php|powershell|cmd(\.exe)?|dir|type|net|sleep|ifconfig|ipconfig)\b([\s+]+[\w./\\:-]|\s*[;&|`]|\s*$))/,
  },
  {
    name: 'shell path, substitution or SSI exec',
    class: 'cmdi',
    regex: /\/bin\/(ba)?sh\b|\$\([^)]+\)|`[^`]+`|\bcmd(\.exe)?\s+\/c\b|<!--\s*#\s*exec\b/,
  },
  {
    name: 'template or JNDI lookup',
    class: 'cmdi',
    regex: /\$\{\s*(jndi|env|sys|java):|\{\{\s*\d+\s*\*\s*\d+\s*\}\}|\$\{\s*\d+\s*\*\s*\d+\s*\}/,
  },
  // Path traversal and file inclusion
  {
    name: 'repeated dot-dot',
    class: 'traversal',
    regex:
      /(\.\.;?[/\\]){2,}|([/\\]\.\.){2,}|(\.{3,}[/\\]){2,}|(\.\.[/\\]|\.{4,})[\s\S]*(etc|passwd|win\.ini|boot\.ini|web-inf|windows|system32|proc|file\})|\.{3,}\{file\}/,
  },
  {
    name: 'system file',
    class: 'traversal',
    regex:
      /(^|[/\\])(etc[/\\](passwd|shadow|hosts|group)|proc[/\\]self[/\\]|windows[/\\](win\.ini|system32)|boot\.ini|web-inf[/\\]?web\.xml)|\b[a-z]:[/\\]*(windows|winnt|inetpub|boot\.ini)|\0|^(php|file|expect|zip|phar|data):\/\//,
  },
  // Server-side request forgery
  {
    name: 'URL to an internal or metadata address',
    class: 'ssrf',
    regex:
      /^(https?|gopher|dict|ftp|ldap|tftp):\/\/(\[[0:]*1?\]|localhost|127\.|0\.0\.0\.0|0x7f|2130706433|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|metadata\.google\.internal|100\.100\.100\.200)|\b(gopher|dict):\/\//,
  },
]

/**
 * Values made only of letters, digits and `/._~-`, without the few words a signature can match in
 * such text (dot-dot, system directories, `bin/`, `select`, SQL catalogs), cannot match any
 * signature (the others need a quote, bracket, operator, space, `=` or `:`): most paths and ids
 * end here without running the signatures (8× faster on the real Apache log).
 */
const PLAIN = /^[a-z0-9/._~-]*$/
const PLAIN_BUT_SUSPECT =
  /\.\.|etc\/|proc\/|windows|winnt|inetpub|boot\.ini|web-inf|system32|bin\/|select|information_schema|all_tables|all_users|sysobjects|pg_catalog|mysql\.user/

/** The first signature `value` (decoded, lower-cased) matches, or null. */
export function matchSignature(value: string): Signature | null {
  if (PLAIN.test(value) && !PLAIN_BUT_SUSPECT.test(value)) return null
  for (const signature of SIGNATURES) if (signature.regex.test(value)) return signature
  return null
}
