#!/usr/bin/env node
// Measures the compressed JavaScript the first screen of each phone app needs, from the Vite
// manifest of `npm run build`: the entry chunk, the route components of that screen, and every
// chunk they import statically (what the browser must fetch before the screen can render).
// Usage: node scripts/bundle-size.mjs [dist]    Exits 1 when a screen is over its budget.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const BUDGET_BYTES = 200 * 1024

/** Screens and the route components rendered on their first view (see src/router.ts). */
export const SCREENS = {
  '/grid': ['src/views/grid/GridLayout.vue', 'src/views/grid/GridListView.vue'],
  '/admin': ['src/views/admin/AdminLayout.vue', 'src/views/admin/DivisionsView.vue'],
  '/login': ['src/views/login/LoginView.vue'],
  '/consult': ['src/views/consult/ConsultLayout.vue', 'src/views/consult/ConsultHomeView.vue'],
  // A vote opened from a shared link: the ballot screen is a first screen too.
  '/consult/votes/:voteId': ['src/views/consult/ConsultLayout.vue', 'src/views/consult/VoteView.vue'],
}

function readManifest(dist) {
  return JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'))
}

/** Manifest keys of the chunks needed to run `roots`, following static imports only. */
export function chunksFor(manifest, roots) {
  const seen = new Set()
  const visit = (key) => {
    if (seen.has(key)) return
    const chunk = manifest[key]
    if (!chunk) throw new Error(`not in the build manifest: ${key}`)
    seen.add(key)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const root of roots) visit(root)
  return [...seen]
}

export function measureScreen(dist, screen) {
  const manifest = readManifest(dist)
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry)
  if (!entry) throw new Error('the build manifest has no entry')
  const roots = [entry, ...(SCREENS[screen] ?? [])]
  const files = chunksFor(manifest, roots)
    .map((key) => manifest[key].file)
    .filter((file) => file.endsWith('.js'))
  const sizes = files.map((file) => {
    const bytes = readFileSync(join(dist, file))
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  })
  const gzip = sizes.reduce((sum, s) => sum + s.gzip, 0)
  const raw = sizes.reduce((sum, s) => sum + s.raw, 0)
  return { screen, files: sizes, gzip, raw, budget: BUDGET_BYTES, ok: gzip <= BUDGET_BYTES }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`

function main() {
  const dist = resolve(process.argv[2] ?? join(fileURLToPath(new URL('..', import.meta.url)), 'dist'))
  let failed = false
  for (const screen of Object.keys(SCREENS)) {
    const result = measureScreen(dist, screen)
    console.log(
      `${screen}: ${kb(result.gzip)} gzip JavaScript (${kb(result.raw)} raw) in ` +
        `${result.files.length} chunks; budget ${kb(result.budget)}`,
    )
    for (const f of result.files) console.log(`  ${f.file}  ${kb(f.gzip)} gzip  ${kb(f.raw)} raw`)
    if (!result.ok) failed = true
  }
  if (failed) {
    console.error('over the JavaScript budget')
    process.exit(1)
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
