// JSON Web Tokens in text: find them and read the claims that say whether they are public (Supabase `anon`)
// or a master key (Supabase `service_role`). No signature check: we only need to know what the token claims.

export const JWT_PATTERN = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;

function decodeSegment(segment: string): unknown {
  try {
    const json = Buffer.from(segment.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/** The payload's claims, or undefined when the middle segment is not base64url JSON. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  const decoded = decodeSegment(payload);
  return decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : undefined;
}

/** The `role` claim (`anon`, `service_role`, `authenticated`…), when there is one. */
export function jwtRole(token: string): string | undefined {
  const role = decodeJwtPayload(token)?.role;
  return typeof role === 'string' ? role : undefined;
}
