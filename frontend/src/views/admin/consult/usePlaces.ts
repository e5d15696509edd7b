// Communities the staff member works in, and the grids, compounds and buildings of the chosen
// one: the scopes a vote or a topic can have. Shared by the vote and session forms.
import { computed, ref, watch, type Ref } from 'vue'
import { api } from '../../../api'
import {
  ConsultCommunitiesDocument,
  ConsultPlacesDocument,
  type ConsultCommunitiesQuery,
  type ScopeKind,
} from '../../../api/generated/graphql'

export type Community = ConsultCommunitiesQuery['divisions'][number]

export interface Place {
  id: string
  name: string
}

export function usePlaces(communityId: Ref<string>) {
  const communities = ref<Community[]>([])
  const grids = ref<Place[]>([])
  const compounds = ref<Place[]>([])
  const buildings = ref<Place[]>([])
  const error = ref<unknown>(null)

  async function loadCommunities(): Promise<void> {
    try {
      communities.value = (await api.request(ConsultCommunitiesDocument, {})).divisions
      if (!communityId.value && communities.value.length === 1) {
        communityId.value = communities.value[0]?.id ?? ''
      }
    } catch (e) {
      error.value = e
    }
  }

  async function loadPlaces(id: string): Promise<void> {
    grids.value = []
    compounds.value = []
    buildings.value = []
    const community = communities.value.find((c) => c.id === id)
    if (!community) return
    try {
      const data = await api.request(ConsultPlacesDocument, { code: community.code, communityId: id })
      grids.value = data.division?.grids ?? []
      const nodes = data.compounds.edges.map((e) => e.node)
      compounds.value = nodes.map((c) => ({ id: c.id, name: c.name }))
      buildings.value = nodes.flatMap((c) =>
        c.buildings.map((b) => ({ id: b.id, name: `${c.name} ${b.name}` })),
      )
    } catch (e) {
      error.value = e
    }
  }

  watch([communityId, communities], ([id]) => void loadPlaces(id))

  function placesOf(kind: ScopeKind): Place[] {
    if (kind === 'GRID') return grids.value
    if (kind === 'COMPOUND') return compounds.value
    if (kind === 'BUILDING') return buildings.value
    return []
  }

  const community = computed(() => communities.value.find((c) => c.id === communityId.value) ?? null)

  return { communities, community, placesOf, error, loadCommunities }
}
