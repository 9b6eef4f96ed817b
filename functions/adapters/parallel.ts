/**
 * Running I/O tasks a few at a time: the batch requests of the DynamoDB adapter, the API's
 * per-unit listings, the replay's reads of stored uploads.
 *
 * @module
 */

/**
 * Runs tasks with at most `limit` in flight; the results in the tasks' order. Once one fails no
 * more are started, and every one under way is settled before the failure is thrown (nothing
 * is left in flight).
 */
export async function inParallel<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < tasks.length && !failed) {
      const i = next++;
      try {
        results[i] = await (tasks[i] as () => Promise<T>)();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}
