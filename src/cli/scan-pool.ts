/**
 * Runs `fn` over a stream with at most `size` calls in flight and yields results in input order. Memory stays
 * bounded by `size` however large the stream: the next item is pulled only when a slot frees up.
 */
export async function* orderedPool<T, R>(items: AsyncIterable<T>, size: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inflight: Promise<R>[] = [];
  const it = items[Symbol.asyncIterator]();
  let done = false;
  const fill = async () => {
    while (!done && inflight.length < size) {
      const next = await it.next();
      if (next.done) {
        done = true;
        break;
      }
      const p = fn(next.value);
      // Mark as handled so a rejection waiting in the queue is not reported as unhandled before we await it.
      p.catch(() => {});
      inflight.push(p);
    }
  };
  await fill();
  while (inflight.length > 0) {
    const head = inflight.shift()!;
    yield await head;
    await fill();
  }
}
