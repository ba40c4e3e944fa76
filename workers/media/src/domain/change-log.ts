/** What changed since a version, by node id; null when the log no longer reaches back that far. */
export interface ChangesSince {
  /** Joined (first heartbeat, or again after a removal) or redefined: the isolate needs the whole node. */
  defined: string[];
  /** Only heartbeats: the isolate holds the node's definition and needs its live state. */
  beaten: string[];
  /** Removed: the isolate drops them (possibly some it never held). */
  removed: string[];
  policy: boolean;
}

/**
 * The registry's changes in order, so an isolate asks for what changed since the version it holds instead
 * of every node again: a sync costs the changes, not the nodes. Version `base + i + 1` is `log[i]` (a node
 * id; null for the policy). The log keeps at least `4 × nodes + 1024` changes (two heartbeat rounds of every
 * node and then some) and drops its older half past twice that; a cursor older than what it keeps gets the
 * whole set again. `epoch` names this log's life: a registry restarted starts a new one, and a cursor from an
 * older epoch gets the whole set too. Pure: the registry tells it what changed.
 */
export class ChangeLog {
  /** The last change's version: a cursor at it has seen everything. */
  version = 0;
  private base = 0;
  private log: (string | null)[] = [];
  /** Each node the isolates hold (heard from, not removed), with the version it was last (re)defined at. */
  private definedAt = new Map<string, number>();

  constructor(readonly epoch: string) {}

  /** Nodes held when the registry starts: an isolate gets them whole (its cursor is from another epoch). */
  holds(id: string): void {
    this.definedAt.set(id, 0);
  }

  /** A node joined (its first heartbeat) or was redefined. */
  defined(id: string): void {
    this.definedAt.set(id, this.append(id));
  }

  beat(id: string): void {
    this.append(id);
  }

  removed(id: string): void {
    this.definedAt.delete(id);
    this.append(id);
  }

  policy(): void {
    this.append(null);
  }

  since(version: number): ChangesSince | null {
    if (version < this.base || version > this.version) return null;
    const ids = new Set<string>();
    let policy = false;
    for (let i = version - this.base; i < this.log.length; i++) {
      const id = this.log[i]!;
      if (id === null) policy = true;
      else ids.add(id);
    }
    const out: ChangesSince = { defined: [], beaten: [], removed: [], policy };
    for (const id of ids) {
      const at = this.definedAt.get(id);
      if (at === undefined) out.removed.push(id);
      else if (at > version) out.defined.push(id);
      else out.beaten.push(id);
    }
    return out;
  }

  private append(id: string | null): number {
    this.log.push(id);
    const keep = 4 * this.definedAt.size + 1024;
    if (this.log.length > 2 * keep) {
      const drop = this.log.length - keep;
      this.log = this.log.slice(drop);
      this.base += drop;
    }
    return ++this.version;
  }
}
