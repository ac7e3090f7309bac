/**
 * One torch job at a time: the backend choice and the seeds are global, so a parity run that
 * started while training awaits a step would change what the training step computes.
 */
let tail: Promise<unknown> = Promise.resolve();

export function exclusive<T>(job: () => Promise<T>): Promise<T> {
  const run = tail.then(job, job);
  tail = run.catch(() => undefined);
  return run;
}
