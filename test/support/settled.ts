/** Whether a promise has resolved yet, read without awaiting it: for tests of what must not have happened yet. */
export function watch(promise: Promise<unknown>): { resolved: () => boolean } {
  let resolved = false;
  void promise.then(() => (resolved = true));
  return { resolved: () => resolved };
}
