// Live results of an open vote that shows them (resultsLive): the voteResults subscription, or a
// query every few seconds when the websocket fails. Started and stopped with the screen.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { api } from '../../api'
import {
  VoteResultsLiveDocument,
  VoteResultsPollDocument,
  type VoteResultsFieldsFragment,
} from '../../api/generated/graphql'
import { graphqlSubscription, startLiveFeed, type LiveFeed, type LiveMode } from '../../api/live'

export function useLiveResults(
  voteId: Ref<string | null>,
  enabled: Ref<boolean>,
  onResults: (results: VoteResultsFieldsFragment) => void,
) {
  const mode = ref<LiveMode>('stopped')
  let feed: LiveFeed | null = null

  function stop(): void {
    feed?.stop()
    feed = null
  }

  function start(id: string): void {
    stop()
    const subscribe = graphqlSubscription(VoteResultsLiveDocument, { voteId: id })
    feed = startLiveFeed<VoteResultsFieldsFragment | null>({
      subscribe: (handlers) =>
        subscribe({
          connected: handlers.connected,
          next: (data) => handlers.next(data.voteResults),
          error: handlers.error,
          complete: handlers.complete,
        }),
      poll: async () => {
        const data = await api.request(VoteResultsPollDocument, { id })
        return data.node?.__typename === 'Vote' ? data.node.results : null
      },
      onData: (results) => {
        if (results) onResults(results)
      },
      onMode: (m) => {
        mode.value = m
      },
      intervalMs: 5000,
      shouldPoll: () => typeof document === 'undefined' || document.visibilityState !== 'hidden',
    })
  }

  watch(
    [voteId, enabled],
    ([id, on]) => {
      if (id && on) start(id)
      else stop()
    },
    { immediate: true },
  )
  onBeforeUnmount(stop)

  return { mode }
}
