import { describe, expect, it } from 'vitest'
import {
  MAX_RECEIPTS,
  RECEIPTS_KEY,
  createReceiptStore,
  groupReceiptCode,
  normalizeReceiptCode,
  type StoredReceipt,
} from '../src/components/consult/receipts'

function memory(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    get length() {
      return data.size
    },
    clear: () => data.clear(),
    getItem: (key: string) => data.get(key) ?? null,
    key: (i: number) => [...data.keys()][i] ?? null,
    removeItem: (key: string) => void data.delete(key),
    setItem: (key: string, value: string) => void data.set(key, value),
  }
}

const receipt = (over: Partial<StoredReceipt> = {}): StoredReceipt => ({
  owner: 'acc-1',
  voteId: 'vote-1',
  code: '7K3M9Q2XH4TDPV8R',
  question: 'Q',
  castAt: '2026-05-01T08:00:00Z',
  ...over,
})

describe('receipt store', () => {
  it('keeps one receipt per account and vote, and reads it back', () => {
    const store = createReceiptStore(memory())
    expect(store.get('acc-1', 'vote-1')).toBeNull()
    expect(store.save(receipt())).toBe(true)
    expect(store.get('acc-1', 'vote-1')?.code).toBe('7K3M9Q2XH4TDPV8R')
    // A changed ballot keeps the latest receipt.
    store.save(receipt({ code: 'AAAABBBBCCCCDDDD', castAt: '2026-05-02T08:00:00Z' }))
    expect(store.list('acc-1')).toHaveLength(1)
    expect(store.get('acc-1', 'vote-1')?.code).toBe('AAAABBBBCCCCDDDD')
  })

  it('keeps family members sharing a phone apart', () => {
    const store = createReceiptStore(memory())
    store.save(receipt())
    store.save(receipt({ owner: 'acc-2', code: 'ZZZZ0000ZZZZ0000' }))
    expect(store.get('acc-2', 'vote-1')?.code).toBe('ZZZZ0000ZZZZ0000')
    expect(store.list('acc-1').map((r) => r.code)).toEqual(['7K3M9Q2XH4TDPV8R'])
  })

  it('lists newest first and forgets the oldest beyond the limit', () => {
    const storage = memory()
    const store = createReceiptStore(storage)
    for (let i = 0; i < MAX_RECEIPTS + 5; i++) {
      store.save(receipt({ voteId: `v${i}`, castAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }))
    }
    const all = store.list('acc-1')
    expect(all).toHaveLength(MAX_RECEIPTS)
    expect(all[0]?.voteId).toBe(`v${MAX_RECEIPTS + 4}`)
    expect(store.get('acc-1', 'v0')).toBeNull()
  })

  it('survives broken or foreign data in storage and no storage at all', () => {
    const storage = memory()
    storage.setItem(RECEIPTS_KEY, '{not json')
    expect(createReceiptStore(storage).list('acc-1')).toEqual([])
    storage.setItem(RECEIPTS_KEY, JSON.stringify([{ owner: 'acc-1' }, receipt(), 5]))
    expect(createReceiptStore(storage).list('acc-1')).toHaveLength(1)
    const none = createReceiptStore(null)
    expect(none.save(receipt())).toBe(false)
    expect(none.get('acc-1', 'vote-1')).toBeNull()
  })

  it('reports a storage that refuses to write (full, private mode)', () => {
    const storage = memory()
    storage.setItem = () => {
      throw new Error('QuotaExceededError')
    }
    expect(createReceiptStore(storage).save(receipt())).toBe(false)
  })

  it('keeps the units of one voter apart (an owner of two dwellings)', () => {
    const store = createReceiptStore(memory())
    store.save(receipt({ unitKey: 'owners:1' }))
    store.save(receipt({ unitKey: 'owners:1,2', code: 'BBBBCCCCDDDDEEEE' }))
    expect(store.get('acc-1', 'vote-1', 'owners:1')?.code).toBe('7K3M9Q2XH4TDPV8R')
    expect(store.get('acc-1', 'vote-1', 'owners:1,2')?.code).toBe('BBBBCCCCDDDDEEEE')
    expect(store.get('acc-1', 'vote-1')).toBeNull()
    expect(store.list('acc-1')).toHaveLength(2)
  })

  it('removes a receipt', () => {
    const store = createReceiptStore(memory())
    store.save(receipt())
    store.remove('acc-1', 'vote-1')
    expect(store.get('acc-1', 'vote-1')).toBeNull()
  })
})

describe('receipt codes', () => {
  it('reads a code as typed: spaces, dashes, case and look-alike letters', () => {
    expect(normalizeReceiptCode(' 7k3m 9q2x-h4td pv8r ')).toBe('7K3M9Q2XH4TDPV8R')
    expect(normalizeReceiptCode('O0IL1111AAAABBBB')).toBe('00111111AAAABBBB')
    expect(normalizeReceiptCode('ABC')).toBeNull()
    expect(normalizeReceiptCode('7K3M9Q2XH4TDPV8U')).toBeNull()
    expect(normalizeReceiptCode('<script>')).toBeNull()
  })

  it('groups a code by four for reading out', () => {
    expect(groupReceiptCode('7K3M9Q2XH4TDPV8R')).toBe('7K3M 9Q2X H4TD PV8R')
  })
})
