// Callers in one process that ask for the same thing at once share one piece of work, not race on it.
export class SingleFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  /** Runs `work` for `key` unless it is already running; every caller gets the same promise. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running;
    const started = work().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }
}
