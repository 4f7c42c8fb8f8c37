export { correlationIdsIn, readLogLine } from './correlation.ts';
export {
  DeadLetters,
  DeadLetterNotFoundError,
  RedriveNotPossibleError,
  type DeadLetterMessage,
  type DeadLetterQueue,
  type QueueCounts,
} from './dead-letters.ts';
export { EXPLORER_PATH, explorerRoutes, type ExplorerRoutes, type ExplorerServices } from './explorer-routes.ts';
export { describeTrigger, type InvocationTrigger } from './invocation-trigger.ts';
export { FEED_CAPACITY, ObservationFeed, type Observation } from './observation-feed.ts';
export { displayName, topologyGraph, type GraphEdge, type GraphNode, type TopologyGraph } from './topology-graph.ts';
