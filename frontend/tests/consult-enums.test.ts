import { describe, expect, it } from 'vitest'
import { messages } from '../src/i18n/messages'
import { TOPIC_ENUM_SECTIONS } from '../src/components/consult/topicEnums'
import { VOTE_ENUM_SECTIONS } from '../src/components/consult/voteEnums'

// Every value of the consultation enums has a label in both languages, and nothing else does.
type Tree = { [key: string]: string | Tree }

describe('consultation enum labels', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(locale, () => {
      const enums = (messages[locale] as unknown as Tree).enums as Tree
      for (const [section, values] of Object.entries({ ...VOTE_ENUM_SECTIONS, ...TOPIC_ENUM_SECTIONS })) {
        const labelled = Object.keys((enums[section] ?? {}) as Tree).sort()
        expect(labelled, section).toEqual([...values].sort())
      }
    })
  }
})
