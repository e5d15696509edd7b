import type { CodegenConfig } from '@graphql-codegen/cli'

// Types for every operation in src/api/operations/*.graphql, checked against the published
// contract (../schema.graphql, exported from the backend). Run `npm run codegen` after changing
// either; the generated file is committed.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/api/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/api/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        // Documents are plain strings: no GraphQL parser or printer ships to the browser.
        documentMode: 'string',
        enumsAsConst: true,
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
        strictScalars: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
}

export default config
