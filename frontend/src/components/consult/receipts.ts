// Ballot receipts kept on the phone, so a resident can look a ballot up later. A receipt
// code says that a ballot was counted, when and by which channel, never the choice, and it is
// not personal data; it is kept per account and vote, so two family members sharing a phone
// each see their own. The server stays the authority: the lookup asks it every time.

export const RECEIPTS_KEY = 'gongzhi.consult.receipts'
/** Older receipts are dropped beyond this many (a phone keeps years of votes otherwise). */
export const MAX_RECEIPTS = 200

export interface StoredReceipt {
  /** Who kept it (the account id of the viewer). */
  owner: string
  voteId: string
  /** The voting unit, when the voter stands for several (an owner of two flats). */
  unitKey?: string
  code: string
  /** The vote's question, to list receipts by name (public text). */
  question: string
  /** When the ballot was cast or changed (ISO 8601), as the server said. */
  castAt: string
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>

function defaultStorage(): StorageLike | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

// Receipt codes use Crockford's base32 (no I, L, O, U): letters that look like digits are
// read as those digits, as Crockford's decoding does.
const CODE = /^[0-9A-HJKMNP-TV-Z]{8,32}$/

/** A receipt code as typed or pasted: spaces and dashes dropped, upper case, O read as 0 and
 * I or L as 1; null when it cannot be a code. */
export function normalizeReceiptCode(input: string): string | null {
  const code = input
    .replace(/[\s-]+/g, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  return CODE.test(code) ? code : null
}

/** The code in groups of four, easier to read out and copy by hand (ABCD EFGH …). */
export function groupReceiptCode(code: string): string {
  return code.match(/.{1,4}/g)?.join(' ') ?? code
}

function isReceipt(value: unknown): value is StoredReceipt {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  return (
    typeof r.owner === 'string' &&
    typeof r.voteId === 'string' &&
    typeof r.code === 'string' &&
    typeof r.question === 'string' &&
    typeof r.castAt === 'string' &&
    (r.unitKey === undefined || typeof r.unitKey === 'string')
  )
}

export interface ReceiptStore {
  /** The receipt kept for a vote (and unit), or null. */
  get(owner: string, voteId: string, unitKey?: string): StoredReceipt | null
  /** Every receipt of an account, newest first. */
  list(owner: string): StoredReceipt[]
  /** Keep (or replace) the receipt of a vote; false when the phone would not store it. */
  save(receipt: StoredReceipt): boolean
  remove(owner: string, voteId: string, unitKey?: string): void
}

export function createReceiptStore(storage: StorageLike | null = defaultStorage()): ReceiptStore {
  function read(): StoredReceipt[] {
    if (!storage) return []
    try {
      const parsed: unknown = JSON.parse(storage.getItem(RECEIPTS_KEY) ?? '[]')
      return Array.isArray(parsed) ? parsed.filter(isReceipt) : []
    } catch {
      return []
    }
  }

  function write(all: StoredReceipt[]): boolean {
    if (!storage) return false
    try {
      storage.setItem(RECEIPTS_KEY, JSON.stringify(all.slice(0, MAX_RECEIPTS)))
      return true
    } catch {
      // Full or refused (private mode): the receipt is still on the screen to copy.
      return false
    }
  }

  const same = (r: StoredReceipt, owner: string, voteId: string, unitKey?: string) =>
    r.owner === owner && r.voteId === voteId && (r.unitKey ?? '') === (unitKey ?? '')

  return {
    get(owner, voteId, unitKey) {
      return read().find((r) => same(r, owner, voteId, unitKey)) ?? null
    },
    list(owner) {
      return read()
        .filter((r) => r.owner === owner)
        .sort((a, b) => (a.castAt < b.castAt ? 1 : a.castAt > b.castAt ? -1 : 0))
    },
    save(receipt) {
      const rest = read().filter((r) => !same(r, receipt.owner, receipt.voteId, receipt.unitKey))
      return write([{ ...receipt }, ...rest])
    },
    remove(owner, voteId, unitKey) {
      const all = read()
      const rest = all.filter((r) => !same(r, owner, voteId, unitKey))
      if (rest.length !== all.length) write(rest)
    },
  }
}

export const receipts = createReceiptStore()
