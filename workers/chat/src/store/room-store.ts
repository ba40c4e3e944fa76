import { MODERATION_KEPT, type MessageBody, type MessageFrame, type Pin, type Role, type RoomKind, type ServerFrame } from "../../../../shared/chat/protocol";
import type { ModerationEntry } from "../domain/moderation-replay";
import { higherRole } from "../domain/permissions";

/** The room record made by `POST /rooms`. */
export interface RoomRecord {
  id: string;
  tenantId: string;
  kind: RoomKind;
  title: string | null;
  createdAt: string;
}

export interface MemberRecord {
  userId: string;
  role: Role;
  lastReadSeq: number;
  mutedUntil: string | null;
  removed: boolean;
  /** Named in the room's `members` at creation (a direct room admits only these). */
  listed: boolean;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS room (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  sender TEXT NOT NULL,
  role TEXT,
  client_msg_id TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT,
  deleted_at TEXT,
  deleted_by TEXT,
  UNIQUE (sender, client_msg_id)
);
CREATE TABLE IF NOT EXISTS members (
  user_id TEXT PRIMARY KEY,
  role TEXT NOT NULL DEFAULT 'member',
  last_read_seq INTEGER NOT NULL DEFAULT 0,
  muted_until TEXT,
  removed INTEGER NOT NULL DEFAULT 0,
  listed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS shards (k INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS moderation_log (id INTEGER PRIMARY KEY, frame TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pins (listing_id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS moderation_requests (sender TEXT NOT NULL, client_msg_id TEXT NOT NULL, frame TEXT NOT NULL, at INTEGER, PRIMARY KEY (sender, client_msg_id));
`;

/**
 * Columns added after rooms were first made. A table added later is made by SCHEMA's `CREATE TABLE IF NOT EXISTS`
 * when an older room opens, but a column added to an existing table is not: each of these is added then instead.
 * Rows written before hold NULL in it.
 */
const ADDED_COLUMNS = [
  // The sender's role as they published (rooms before it: NULL, shown without `role`).
  { table: "messages", column: "role", type: "TEXT" },
  // When a moderation request was applied (ms): kept for MODERATION_REQUEST_TTL_MS, then pruned.
  { table: "moderation_requests", column: "at", type: "INTEGER" },
] as const;

/**
 * How long a moderation frame's clientMsgId is remembered: far past any client's retries (seconds to minutes, and a
 * reconnect), short enough that a room moderated for years does not keep every request it was ever sent.
 */
export const MODERATION_REQUEST_TTL_MS = 24 * 60 * 60 * 1000;

type Row = Record<string, SqlStorageValue>;

function toFrame(r: Row): MessageFrame {
  const frame: MessageFrame = {
    type: "message",
    seq: r.seq as number,
    id: r.id as string,
    clientMsgId: r.client_msg_id as string,
    from: r.sender as string,
    at: r.at as string,
    body: r.body === null ? null : (JSON.parse(r.body as string) as MessageBody),
  };
  if (r.role) frame.role = r.role as Role;
  if (r.deleted_at) frame.deletedAt = r.deleted_at as string;
  return frame;
}

/**
 * The one module that speaks SQL for a room: its record, its messages (seq is
 * the primary key, assigned here as latest + 1 inside the object's single
 * thread, so it has no gaps) and its members. Every call is synchronous, so a
 * write is part of the current output-gated unit of work.
 */
export class RoomStore {
  private latest = 0;
  /** The latest moderation id: in every delivery's heads and every `hello`, so kept here and moved by `logModeration`. */
  private modHead = 0;
  /** Moderation entries kept (`MODERATION_KEPT`); a field so a test can lower it. */
  moderationKept = MODERATION_KEPT;
  /** The pins, newest first: read with every delivery of a live room, so kept here and re-read only when they change. */
  private pinList: Pin[];

  /** Whether a room was ever made in this object: before `init`, an object holds no schema at all. */
  static exists(sql: SqlStorage): boolean {
    return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'room'").toArray().length > 0;
  }

  /** Opens the room's tables, creating any that are missing (all of them for a new room, from `init`). */
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    for (const { table, column, type } of ADDED_COLUMNS) {
      if (!sql.exec(`PRAGMA table_info(${table})`).toArray().some((c) => c.name === column)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    }
    this.latest = (sql.exec("SELECT COALESCE(MAX(seq), 0) AS s FROM messages").one().s as number) ?? 0;
    this.modHead = (sql.exec("SELECT COALESCE(MAX(id), 0) AS id FROM moderation_log").one().id as number) ?? 0;
    this.pinList = this.readPins();
  }

  get latestSeq(): number {
    return this.latest;
  }

  room(): RoomRecord | null {
    const r = this.sql.exec("SELECT * FROM room LIMIT 1").toArray()[0];
    if (!r) return null;
    return { id: r.id as string, tenantId: r.tenant_id as string, kind: r.kind as RoomKind, title: (r.title as string) ?? null, createdAt: r.created_at as string };
  }

  createRoom(room: RoomRecord, members: string[]): void {
    this.sql.exec("INSERT OR IGNORE INTO room (id, tenant_id, kind, title, created_at) VALUES (?, ?, ?, ?, ?)", room.id, room.tenantId, room.kind, room.title, room.createdAt);
    for (const m of members) this.sql.exec("INSERT INTO members (user_id, listed) VALUES (?, 1) ON CONFLICT (user_id) DO UPDATE SET listed = 1", m);
  }

  /** The seq an earlier publish of this sender's clientMsgId got, if any. */
  findByClientMsgId(sender: string, clientMsgId: string): number | null {
    const r = this.sql.exec("SELECT seq FROM messages WHERE sender = ? AND client_msg_id = ?", sender, clientMsgId).toArray()[0];
    return r ? (r.seq as number) : null;
  }

  /** Stores a message with the next seq, and with its sender's role as they published it. */
  append(msg: { id: string; from: string; role: Role; clientMsgId: string; at: string; body: MessageBody }): MessageFrame {
    const seq = this.latest + 1;
    this.sql.exec(
      "INSERT INTO messages (seq, id, sender, role, client_msg_id, at, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
      seq,
      msg.id,
      msg.from,
      msg.role,
      msg.clientMsgId,
      msg.at,
      JSON.stringify(msg.body),
    );
    this.latest = seq;
    return { type: "message", seq, id: msg.id, clientMsgId: msg.clientMsgId, from: msg.from, role: msg.role, at: msg.at, body: msg.body };
  }

  /** Messages with seq > afterSeq, oldest first. */
  after(afterSeq: number, limit: number): MessageFrame[] {
    return this.sql.exec("SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit).toArray().map(toFrame);
  }

  /** Tombstones a message: the seq stays, the body goes. False when there is no such message. */
  markDeleted(seq: number, by: string, at: string): boolean {
    const cur = this.sql.exec("UPDATE messages SET body = NULL, deleted_at = COALESCE(deleted_at, ?), deleted_by = COALESCE(deleted_by, ?) WHERE seq = ?", at, by, seq);
    return cur.rowsWritten > 0;
  }

  /** The room's pins, newest first. */
  get pins(): Pin[] {
    return this.pinList;
  }

  /** Pins a listing at a message's seq (a listing pinned before moves up); past `max` pins the oldest go. */
  pin(listingId: string, seq: number, max: number): void {
    this.sql.exec("INSERT INTO pins (listing_id, seq) VALUES (?, ?) ON CONFLICT (listing_id) DO UPDATE SET seq = excluded.seq", listingId, seq);
    this.sql.exec("DELETE FROM pins WHERE seq NOT IN (SELECT seq FROM pins ORDER BY seq DESC LIMIT ?)", max);
    this.pinList = this.readPins();
  }

  /** Unpins whatever the message at seq pinned (it was deleted); nothing when it pinned nothing. */
  unpin(seq: number): void {
    if (this.sql.exec("DELETE FROM pins WHERE seq = ?", seq).rowsWritten > 0) this.pinList = this.readPins();
  }

  private readPins(): Pin[] {
    return this.sql
      .exec("SELECT listing_id, seq FROM pins ORDER BY seq DESC")
      .toArray()
      .map((r) => ({ seq: r.seq as number, listingId: r.listing_id as string }));
  }

  member(userId: string): MemberRecord | null {
    const r = this.sql.exec("SELECT * FROM members WHERE user_id = ?", userId).toArray()[0];
    if (!r) return null;
    return {
      userId,
      role: r.role as Role,
      lastReadSeq: r.last_read_seq as number,
      mutedUntil: (r.muted_until as string) ?? null,
      removed: r.removed === 1,
      listed: r.listed === 1,
    };
  }

  /**
   * The highest role a user is known to hold here: their member row's (latest token at an ordinary room's connect) or
   * one they published as. A live room's viewers connect to shards, so there only what they published tells.
   */
  knownRole(userId: string): Role {
    let role = (this.sql.exec("SELECT role FROM members WHERE user_id = ?", userId).toArray()[0]?.role as Role | undefined) ?? "member";
    for (const r of ["moderator", "host"] as const) {
      if (this.sql.exec("SELECT 1 FROM messages WHERE sender = ? AND role = ? LIMIT 1", userId, r).toArray().length > 0) role = higherRole(role, r);
    }
    return role;
  }

  /** Records that a user joined with a role; the latest token's role wins. */
  upsertMember(userId: string, role: Role): void {
    this.sql.exec("INSERT INTO members (user_id, role) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET role = excluded.role", userId, role);
  }

  /** Moves a member's read marker forward (never back, never past the latest seq): where it is now, and whether it moved. */
  markRead(userId: string, seq: number): { seq: number; moved: boolean } {
    const target = Math.min(seq, this.latest);
    const before = (this.sql.exec("SELECT last_read_seq FROM members WHERE user_id = ?", userId).toArray()[0]?.last_read_seq as number | undefined) ?? 0;
    if (before >= target) return { seq: before, moved: false };
    this.sql.exec(
      "INSERT INTO members (user_id, last_read_seq) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET last_read_seq = MAX(last_read_seq, excluded.last_read_seq)",
      userId,
      target,
    );
    return { seq: target, moved: true };
  }

  mute(userId: string, until: string): void {
    this.sql.exec("INSERT INTO members (user_id, muted_until) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET muted_until = excluded.muted_until", userId, until);
  }

  remove(userId: string): void {
    this.sql.exec("INSERT INTO members (user_id, removed) VALUES (?, 1) ON CONFLICT (user_id) DO UPDATE SET removed = 1", userId);
  }

  /** Users removed from the room, for shards that refuse them at connect. */
  removedUsers(): string[] {
    return this.sql.exec("SELECT user_id FROM members WHERE removed = 1").toArray().map((r) => r.user_id as string);
  }

  /**
   * The moderation frame a sender applied under this clientMsgId, as recorded (JSON), if any: the same frame sent
   * again (its answer was lost) is not applied twice.
   */
  moderationRequest(sender: string, clientMsgId: string): string | null {
    const r = this.sql.exec("SELECT frame FROM moderation_requests WHERE sender = ? AND client_msg_id = ?", sender, clientMsgId).toArray()[0];
    return r ? (r.frame as string) : null;
  }

  /** Records that a sender applied this moderation frame (JSON) under a clientMsgId, in the unit of work that applies it; forgets those older than MODERATION_REQUEST_TTL_MS. */
  recordModerationRequest(sender: string, clientMsgId: string, frame: string, now: number): void {
    this.sql.exec("DELETE FROM moderation_requests WHERE at < ?", now - MODERATION_REQUEST_TTL_MS);
    this.sql.exec("INSERT INTO moderation_requests (sender, client_msg_id, frame, at) VALUES (?, ?, ?, ?)", sender, clientMsgId, frame, now);
  }

  /**
   * Appends a moderation frame (delete, mute, remove) to the room's log, for shards that missed it and clients that
   * resume after it (`afterMod`); returns its id. Keeps the newest `moderationKept`: the entry that falls out goes in the
   * same unit of work (a range of the primary key, usually one row), so the log never grows past it.
   */
  logModeration(frame: ServerFrame): number {
    this.sql.exec("INSERT INTO moderation_log (frame) VALUES (?)", JSON.stringify(frame));
    const id = this.sql.exec("SELECT last_insert_rowid() AS id").one().id as number;
    this.sql.exec("DELETE FROM moderation_log WHERE id <= ?", id - this.moderationKept);
    this.modHead = id;
    return id;
  }

  /** The latest moderation id (0 when none). */
  get moderationHead(): number {
    return this.modHead;
  }

  /** Ids at or below this are no longer kept (0 while nothing was pruned). The newest entry is never pruned, so an empty log had none. */
  get moderationFloor(): number {
    return (this.sql.exec("SELECT COALESCE(MIN(id) - 1, 0) AS floor FROM moderation_log").one().floor as number) ?? 0;
  }

  /** Moderation after an id, oldest first. */
  moderationAfter(afterId: number, limit: number): ModerationEntry[] {
    return this.sql
      .exec("SELECT id, frame FROM moderation_log WHERE id > ? ORDER BY id LIMIT ?", afterId, limit)
      .toArray()
      .map((r) => ({ id: r.id as number, frame: JSON.parse(r.frame as string) as ServerFrame }));
  }

  addShard(k: number): void {
    this.sql.exec("INSERT OR IGNORE INTO shards (k) VALUES (?)", k);
  }

  removeShard(k: number): void {
    this.sql.exec("DELETE FROM shards WHERE k = ?", k);
  }

  shards(): number[] {
    return this.sql.exec("SELECT k FROM shards ORDER BY k").toArray().map((r) => r.k as number);
  }
}
