// @vitest-environment node
// Every operation the app sends is valid against the published contract (../schema.graphql).
// A breaking schema change that touches the app fails here; `npm run codegen:check` also tells
// whether src/api/generated/ is up to date.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSchema, parse, validate } from 'graphql'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OPERATIONS = join(ROOT, 'src', 'api', 'operations')
const schema = buildSchema(readFileSync(join(ROOT, '..', 'schema.graphql'), 'utf8'))

describe('operations', () => {
  const files = readdirSync(OPERATIONS).filter((name) => name.endsWith('.graphql'))

  it('exist', () => {
    expect(files.length).toBeGreaterThan(0)
  })

  for (const file of files) {
    it(`${file} is valid against schema.graphql`, () => {
      const document = parse(readFileSync(join(OPERATIONS, file), 'utf8'))
      expect(validate(schema, document).map((error) => error.message)).toEqual([])
    })
  }
})
