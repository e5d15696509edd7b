export declare const BUDGET_BYTES: number
export declare const SCREENS: Record<string, string[]>
export interface ChunkSize {
  file: string
  raw: number
  gzip: number
}
export interface ScreenSize {
  screen: string
  files: ChunkSize[]
  gzip: number
  raw: number
  budget: number
  ok: boolean
}
export declare function chunksFor(
  manifest: Record<string, { file: string; imports?: string[] }>,
  roots: string[],
): string[]
export declare function measureScreen(dist: string, screen: string): ScreenSize
