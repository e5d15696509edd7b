import type { DivisionNodeFragment } from '../../api/generated/graphql'

/** A division with the children the tree query fetched (none below communities). */
export type TreeNode = DivisionNodeFragment & { children?: TreeNode[] }
