import type { UserRow } from "../../../db/schema";
import type { UserResponse } from "../../contracts/responses";
import { formatTimestamp } from "../../lib/time";

export function serializeUser(row: UserRow): UserResponse {
  return { created_at: formatTimestamp(row.createdAt), email: row.email, id: row.id, username: row.username };
}
