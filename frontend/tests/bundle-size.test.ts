// @vitest-environment node
// The first screen of a phone app loads under 200 KB of gzip JavaScript (DESIGN §8). Measured
// on the output of `npm run build`; skipped (with a note) when there is no build yet.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { BUDGET_BYTES, chunksFor, measureScreen } from '../scripts/bundle-size.mjs'

const DIST = fileURLToPath(new URL('../dist', import.meta.url))
const built = existsSync(`${DIST}/.vite/manifest.json`)

describe('chunksFor', () => {
  it('follows static imports, not dynamic ones, once each', () => {
    const manifest = {
      'index.html': { file: 'a.js', imports: ['_shared.js'], dynamicImports: ['src/Admin.vue'] },
      '_shared.js': { file: 'shared.js', imports: ['index.html'] },
      'src/Grid.vue': { file: 'grid.js', imports: ['_shared.js', '_vant.js'] },
      '_vant.js': { file: 'vant.js' },
      'src/Admin.vue': { file: 'admin.js' },
    }
    expect(chunksFor(manifest, ['index.html', 'src/Grid.vue']).sort()).toEqual(
      ['_shared.js', '_vant.js', 'index.html', 'src/Grid.vue'].sort(),
    )
  })
})

describe.skipIf(!built)('JavaScript budget (after npm run build)', () => {
  it('/grid first screen is under 200 KB gzip and excludes the workbench', () => {
    const grid = measureScreen(DIST, '/grid')
    console.info(`/grid first screen: ${(grid.gzip / 1024).toFixed(1)} KB gzip JavaScript`)
    expect(grid.gzip).toBeLessThan(BUDGET_BYTES)
    expect(grid.files.some((f) => /DivisionsView|AdminLayout/.test(f.file))).toBe(false)
  })

  it('/login and /consult (phone first screens) are under 200 KB gzip without the other apps', () => {
    for (const screen of ['/login', '/consult']) {
      const size = measureScreen(DIST, screen)
      console.info(`${screen} first screen: ${(size.gzip / 1024).toFixed(1)} KB gzip JavaScript`)
      expect(size.gzip, screen).toBeLessThan(BUDGET_BYTES)
      expect(size.files.some((f) => /DivisionsView|AdminLayout|GridListView/.test(f.file))).toBe(false)
    }
  })

  it('/admin loads no phone UI kit', () => {
    const admin = measureScreen(DIST, '/admin')
    expect(admin.gzip).toBeLessThan(BUDGET_BYTES)
    expect(admin.files.some((f) => /GridLayout|GridListView/.test(f.file))).toBe(false)
  })
})
