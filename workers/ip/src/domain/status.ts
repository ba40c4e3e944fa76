/**
 * Whether a right is still in force. One definition for every reader: the
 * tenant's own marks in clearance, the deadlines that need upkeep, and the
 * reference register's third-party marks (a lapsed register mark must not
 * block a listing any more than a lapsed own mark protects one).
 */

/** Statuses of a right that no longer exists: no upkeep, no protection, no conflict. */
export const INACTIVE_STATUSES = ["lapsed", "expired", "abandoned", "cancelled", "withdrawn"] as const;

const INACTIVE = new Set<string>(INACTIVE_STATUSES);

/** True while the right can still be enforced (or can still become a registration). Case and spacing are ignored: register imports are free text. */
export const isInForce = (status: string): boolean => !INACTIVE.has(status.trim().toLowerCase());
