// @vitest-environment node
// The consultation screens keep ECharts and the websocket client out of the first screens: the
// chart library loads with the results screen (dynamic import in ResultChart.vue), graphql-ws
// with a screen that watches a vote. Measured on `npm run build`; skipped without a build.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { BUDGET_BYTES, chunksFor, measureScreen } from '../scripts/bundle-size.mjs'

const DIST = fileURLToPath(new URL('../dist', import.meta.url))
const MANIFEST = `${DIST}/.vite/manifest.json`
const built = existsSync(MANIFEST)

describe.skipIf(!built)('consultation bundles (after npm run build)', () => {
  const manifest = built ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : {}
  const echartsChunk = Object.keys(manifest).find((key) => /node_modules\/echarts\//.test(key) || /echarts/.test(manifest[key].file))

  it('the consultation first screens stay under 200 KB gzip without ECharts or graphql-ws', () => {
    for (const screen of ['/consult', '/consult/votes/:voteId']) {
      const size = measureScreen(DIST, screen)
      console.info(`${screen} first screen: ${(size.gzip / 1024).toFixed(1)} KB gzip JavaScript`)
      expect(size.gzip, screen).toBeLessThan(BUDGET_BYTES)
      expect(size.files.some((f) => /echarts|zrender/i.test(f.file)), screen).toBe(false)
      expect(size.files.some((f) => /^assets\/client-/.test(f.file)), screen).toBe(false)
    }
  })

  it('ECharts is reached only by a dynamic import, from the results screens', () => {
    expect(echartsChunk).toBeDefined()
    const importers = Object.keys(manifest).filter((key) =>
      (manifest[key].imports ?? []).includes(echartsChunk),
    )
    expect(importers).toEqual([])
    const results = chunksFor(manifest, ['src/views/consult/VoteResultsView.vue'])
    expect(results).not.toContain(echartsChunk)
  })
})
