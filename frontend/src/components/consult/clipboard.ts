// Copy a short text (a receipt code). The Clipboard API needs a secure context and permission;
// older phone browsers get the selection-and-copy fallback. False when neither worked: the
// code stays on the screen, selectable, to copy or write down by hand.
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    if (globalThis.navigator?.clipboard?.writeText) {
      await globalThis.navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // fall through to the fallback
  }
  const area = doc.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  doc.body.appendChild(area)
  try {
    area.select()
    return typeof doc.execCommand === 'function' && doc.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
  }
}
