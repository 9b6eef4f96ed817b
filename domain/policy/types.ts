/**
 * The shape of a policy as data (docs/architecture.md, in the spirit of Catala and OpenFisca):
 * the types of `schema.ts`, the one schema of the policies in force and of drafts.
 *
 * @module
 */
export type {
  CitingRuleId,
  Clause,
  Cluster,
  DecidingRuleId,
  Focus,
  KeyProjectInfo,
  Policy,
  PolicyInput,
  RuleStep,
  WholeMove,
} from './schema.ts';
