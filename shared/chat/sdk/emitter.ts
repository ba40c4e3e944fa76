/** A minimal typed event emitter: no Node `events`, so it runs in browsers and React Native too. */
export class Emitter<Events extends Record<string, unknown>> {
  private readonly handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  protected emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        (handler as (p: Events[K]) => void)(payload);
      } catch (err) {
        // An app handler's bug must not break delivery to the others.
        console.error(`chat: a "${String(event)}" handler threw`, err);
      }
    }
  }
}
