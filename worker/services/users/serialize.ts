import type { UserRow } from "../../../db/schema";
import { formatTimestamp } from "../../lib/time";

export interface UserResponse {
  created_at: string;
  email: string;
  id: number;
  username: string;
}

export function serializeUser(row: UserRow): UserResponse {
  return { created_at: formatTimestamp(row.createdAt), email: row.email, id: row.id, username: row.username };
}
