// Builds dist/gatewatch-collector.mjs: the CLI and every dependency (kafkajs, prom-client, yaml,
// typebox, commander) in one ES module that plain `node` runs, so a host or an image needs
// nothing but Node 20. esbuild because it bundles TypeScript directly and fast. The one native
// part is the zstd codec of the Kafka sink (@mongodb-js/zstd, prebuilt N-API): its `.node` file is
// copied beside the bundle, so dist/ is the bundle plus that addon for this platform.

import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const result = await build({
  entryPoints: [join(root, 'src/cli.ts')],
  outfile: join(root, 'dist/gatewatch-collector.mjs'),
  loader: { '.node': 'copy' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  // CommonJS dependencies (kafkajs, prom-client) call require() for Node's built-ins, and the zstd
  // addon's loader looks for its .node file in __dirname.
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __gwCreateRequire } from 'node:module';",
      "import { dirname as __gwDirname } from 'node:path';",
      "import { fileURLToPath as __gwFileURLToPath } from 'node:url';",
      'const require = __gwCreateRequire(import.meta.url);',
      'const __filename = __gwFileURLToPath(import.meta.url);',
      'const __dirname = __gwDirname(__filename);',
    ].join('\n'),
  },
  logLevel: 'warning',
})
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0)
process.stdout.write(`dist/gatewatch-collector.mjs: ${(bytes / 1024).toFixed(0)} KiB\n`)
