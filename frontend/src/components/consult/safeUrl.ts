// Links from the server (session materials, online meeting links) become <a href> only when
// they are plain web addresses: a `javascript:` or `data:` URL typed by someone would run in
// the reader's page. Anything else is shown as text.
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null
  const text = value.trim()
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
}
