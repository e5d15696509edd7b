// The option of a result chart, built from the figures alone (pure, testable without a canvas):
// one horizontal bar per option and measure, as a share of the participating headcount or
// area, so both measures share one 0-100 % axis; the tooltip gives the absolute figures.
import { formatArea, formatCount, formatPercent, shareNumber, share } from './format'

export interface ChartRow {
  label: string
  headcount: number
  /** m², decimal string or number; ignored unless the chart shows area. */
  area: string | number
}

export interface ChartTexts {
  headcount: string
  area: string
  /** "{value} m²" with the value filled in. */
  areaValue: (value: string) => string
  /** "{count} ({share})" with both filled in. */
  countShare: (count: string, share: string) => string
}

export interface ChartInput {
  rows: ChartRow[]
  participatingHeadcount: number
  participatingArea: string | number
  /** Owners' votes: a second bar per option for the area. */
  byArea: boolean
  locale: string
  texts: ChartTexts
}

export interface ChartSeries {
  name: string
  /** Percent, 0-100, two decimals. */
  data: number[]
  /** The same shares as the table writes them ("66.66%"), drawn next to the bars. */
  labels: string[]
  tooltips: string[]
}

export interface ChartModel {
  categories: string[]
  series: ChartSeries[]
}

/** Categories run bottom-up on a horizontal bar chart: they are reversed so the first option
 * is drawn on top, as in the table below the chart. */
export function chartModel(input: ChartInput): ChartModel {
  const rows = [...input.rows].reverse()
  // Cut to two decimals like the table (66.666…% draws as 66.66), never rounded up.
  const percent = (part: number | string, whole: number | string) =>
    Math.floor(shareNumber(share(part, whole)) * 10_000) / 100
  const pct = (part: number | string, whole: number | string) =>
    formatPercent(share(part, whole), input.locale) ?? '-'
  const series: ChartSeries[] = [
    {
      name: input.texts.headcount,
      data: rows.map((r) => percent(r.headcount, input.participatingHeadcount)),
      labels: rows.map((r) => pct(r.headcount, input.participatingHeadcount)),
      tooltips: rows.map((r) =>
        input.texts.countShare(
          formatCount(r.headcount, input.locale),
          pct(r.headcount, input.participatingHeadcount),
        ),
      ),
    },
  ]
  if (input.byArea) {
    series.push({
      name: input.texts.area,
      data: rows.map((r) => percent(r.area, input.participatingArea)),
      labels: rows.map((r) => pct(r.area, input.participatingArea)),
      tooltips: rows.map((r) =>
        input.texts.countShare(
          input.texts.areaValue(formatArea(r.area, input.locale)),
          pct(r.area, input.participatingArea),
        ),
      ),
    })
  }
  return { categories: rows.map((r) => r.label), series }
}
