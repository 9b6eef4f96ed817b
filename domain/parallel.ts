/**
 * Running asynchronous tasks a few at a time (pure scheduling; the tasks do the I/O): the batch requests of the DynamoDB adapter, the API's
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

/**
 * Reads items in order with at most `ahead` reads in flight beside the one being used, yielding each result in the items'
 * order as soon as it and those before it are read: a replay holds a few uploads at a time, not
 * all of them. A failed read is thrown when its turn comes (the reads under way are settled first).
 */
export async function* readInOrder<T, R>(
  items: readonly T[],
  read: (item: T) => Promise<R>,
  ahead: number,
): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && inFlight.length < Math.max(1, ahead)) {
      const p = read(items[next++] as T);
      p.catch(() => undefined); // surfaced in turn below, not as an unhandled rejection
      inFlight.push(p);
    }
  };
  fill();
  while (inFlight.length > 0) {
    const head = inFlight.shift() as Promise<R>;
    fill(); // the next reads go on while this one is used
    try {
      yield await head;
    } catch (error) {
      await Promise.allSettled(inFlight);
      throw error;
    }
  }
}
