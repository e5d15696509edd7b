import { describe, expect, it } from 'vitest'
import { chartModel } from '../src/components/consult/chartOption'

const texts = {
  headcount: 'Owners',
  area: 'Area',
  areaValue: (v: string) => `${v} m²`,
  countShare: (c: string, s: string) => `${c} (${s})`,
}

describe('result chart model', () => {
  it('draws shares of the participating headcount and area, first option on top', () => {
    const model = chartModel({
      rows: [
        { label: 'For', headcount: 2, area: '200.00' },
        { label: 'Against', headcount: 1, area: '100.50' },
      ],
      participatingHeadcount: 3,
      participatingArea: '300.50',
      byArea: true,
      locale: 'en',
      texts,
    })
    expect(model.categories).toEqual(['Against', 'For'])
    expect(model.series.map((s) => s.name)).toEqual(['Owners', 'Area'])
    expect(model.series[0]?.data).toEqual([33.33, 66.66])
    expect(model.series[0]?.tooltips).toEqual(['1 (33.33%)', '2 (66.66%)'])
    expect(model.series[0]?.labels).toEqual(['33.33%', '66.66%'])
    expect(model.series[1]?.tooltips).toEqual(['100.50 m² (33.44%)', '200.00 m² (66.55%)'])
  })

  it('has one bar per option without area, and zeros when nobody took part', () => {
    const model = chartModel({
      rows: [{ label: 'A', headcount: 0, area: 0 }],
      participatingHeadcount: 0,
      participatingArea: 0,
      byArea: false,
      locale: 'en',
      texts,
    })
    expect(model.series).toHaveLength(1)
    expect(model.series[0]?.data).toEqual([0])
    expect(model.series[0]?.tooltips).toEqual(['0 (-)'])
  })
})
