/**
 * The API's answers, as far as the console reads them: the route table's types
 * (functions/api/answers.ts), imported type-only, so the console and the API share one
 * definition.
 */
export type * from '../../functions/api/route-table.ts';
