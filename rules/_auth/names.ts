// The names that mean "authentication", "authorisation" and "public by design". Users extend them through config.

/** Calls that read or establish who the caller is (their result must still be checked unless they throw). */
const AUTH_CALL =
  /^(auth|getAuth|currentUser|getCurrentUser|getUser|getSession|getServerSession|getServerAuthSession|getSessionUser|getToken|getIronSession|getKindeServerSession|validateRequest|validateSession|verifySession|getUserFromRequest|getUserFromSession|getLoggedInUser|getAuthUser|getAuthenticatedUser|getViewer|whoami|verifyIdToken|verifySessionCookie|jwtVerify|verify|verifyToken|verifyJwt|verifyAccessToken|decodeAndVerify)$|^get(Current|Signed|Logged|Auth|Session|Server|Request)\w*(User|Session|Viewer|Auth|Principal|Identity)$|^(validate|verify|check|authenticate)\w*(ApiKey|Token|Session|Request|Auth|Jwt|Signature|Credentials)$/;

/** Calls that stop the request themselves (throw, redirect or respond) when the caller is not allowed. */
const SELF_STOPPING_CALL =
  /^(require[A-Z]\w*|(assert|ensure)[A-Z]\w*(Auth|User|Admin|Role|Permission|Access|Session|Owner|Member|Logged|Signed|Can|Allowed|Permitted|Owns|Belongs)\w*|protect|authenticate\w*|authori[sz]e\w*|checkPermissions?|checkAccess|checkAuth|checkRole|checkAdmin|can[A-Z]\w*OrThrow|(get|require|load)\w*(User|Session|Viewer|Auth|Member)\w*Or(Throw|Redirect|401|Fail)|verifyIdToken|verifySessionCookie|jwtVerify|constructEvent|constructEventAsync|verifyWebhook|verifySignature|validateSignature|verifyRequestSignature)$/;

/** `require*` helpers that read configuration or input, not the caller. */
const NOT_A_GUARD = /^require(Env|Param|Params|Body|Field|Query|Json|Config|Setting|Module|Feature)/;

/** Receivers whose methods are data access, never authentication (`prisma.user.findUniqueOrThrow`). */
const DATA_RECEIVER = /(^|\.)(prisma|db|tx|trx|knex|repo|repository|model)(\.|$)|\.from\(/i;

/** Receivers whose `verify`/`getUser`-like methods authenticate (jwt.verify, supabase.auth.getUser, admin.auth().verifyIdToken). */
const AUTH_RECEIVER = /(^|\.)(jwt|jose|auth\(\)|auth|jsonwebtoken|firebaseAuth|adminAuth|clerk|clerkClient|lucia|session|supabase\.auth|webhook|wh|svix|stripe\.webhooks)$/i;

/** Names of middleware, wrappers, guards and procedure bases that authenticate. */
const AUTH_NAME =
  /auth|jwt|session|logged|signed|protect|guard|require(?!ments)|verif(y|ied)|token|admin|role|permission|clerk|passport|bearer|private|member|owner|staff|access|acl|casl|polic/i;

/** Of those, the ones that check a role or permission rather than identity only. */
const ROLE_NAME = /admin|role|permission|authori[sz]|owner|staff|superuser|acl|casl|polic|scope|can[A-Z]|ability/;

/** Wrapper names (`withAuth(handler)`) that guard the wrapped handler. */
const AUTH_WRAPPER = /auth|admin|session|user|protect|guard|role|permission|logged|signed|clerk|jwt|token|secure|private|member|owner|staff/i;

/** Middleware that never authenticate even though they sit in a chain. */
const NOT_AUTH = /^(express\.(json|raw|text|urlencoded|static)|cors|helmet|compression|morgan|cookieParser|bodyParser|rateLimit|rateLimiter|limiter|validate|validateBody|zValidator|upload|multer)/;

export function isAuthCallName(name: string, receiver: string, extra: readonly string[]): boolean {
  if (extra.includes(name)) return true;
  if (NOT_A_GUARD.test(name) || DATA_RECEIVER.test(receiver)) return false;
  if (name === 'verify' || name === 'getUser' || name === 'getSession') return AUTH_RECEIVER.test(receiver) || receiver === '';
  return AUTH_CALL.test(name) || SELF_STOPPING_CALL.test(name);
}

export function isSelfStoppingCallName(name: string, receiver: string, extra: readonly string[]): boolean {
  if (extra.includes(name)) return true;
  if (name === 'verify') return /(^|\.)(jwt|jose|jsonwebtoken|webhook|wh|svix)$/i.test(receiver);
  if (NOT_A_GUARD.test(name) || DATA_RECEIVER.test(receiver)) return false;
  return SELF_STOPPING_CALL.test(name);
}

/** A middleware / guard / procedure expression as written (`requireRole('admin')`, `app.authenticate`). */
export function isAuthMiddlewareText(text: string, extra: readonly string[]): boolean {
  const head = text.replace(/\(.*$/s, '');
  const last = head.split('.').pop() ?? head;
  if (extra.includes(last) || extra.includes(head)) return true;
  if (NOT_AUTH.test(head)) return false;
  return AUTH_NAME.test(head) || /^jwt$|^expressjwt$|^basicAuth$|^bearerAuth$/i.test(last);
}

export function isRoleText(text: string): boolean {
  return ROLE_NAME.test(text.replace(/\(.*$/s, '')) || /\brequireRoles?\(|\broles?\(/i.test(text);
}

/** Wrappers that only load a session (the handler must still check it). */
const SESSION_PROVIDER = /^(withIronSession\w*|withSession(Route|Ssr|ApiRoute)|withSupabase\w*|withAxiom|withSentry\w*)$/;

export function isAuthWrapperName(name: string, extra: readonly string[]): boolean {
  if (extra.includes(name)) return true;
  return !SESSION_PROVIDER.test(name) && AUTH_WRAPPER.test(name);
}

/** A condition that checks a role or permission: `user.role !== 'admin'`, `!session.user.isAdmin`, `!can(...)`. */
export const ROLE_CONDITION = /\brole\b|\broles\b|isAdmin|isSuperuser|isStaff|isOwner|\badmin\b|'admin'|"admin"|ADMIN|permission|hasRole|\bcan\(|ability|canManage|canEdit|canDelete/;

/** Routes that are public by design: health probes, auth flows, webhooks, public catalogs. */
const PUBLIC_ROUTE =
  /(^|[/_.-])(health|healthz|healthcheck|ping|ready|readyz|readiness|live|livez|liveness|version|status|login|logout|signin|sign-in|signout|sign-out|signup|sign-up|register|forgot-password|forgot|reset-password|password-reset|reset|verify-email|confirm-email|magic-link|otp|auth|oauth|callback|sso|webhook|webhooks|public|plans|pricing|leaderboard|og|sitemap|robots|manifest|rss|feed|contact|newsletter|waitlist|subscribe|unsubscribe|invite-accept|csp-report)([/_.-]|$)/i;

/** Server-action names that are public by design. */
const PUBLIC_ACTION = /^(login|logIn|logout|logOut|signIn|signOut|signUp|register|forgotPassword|resetPassword|requestPasswordReset|sendMagicLink|verifyEmail|subscribe\w*|joinWaitlist|submitContact\w*|contact\w*|unsubscribe\w*|authenticate)$/;

export function isPublicRoutePath(routePath: string): boolean {
  return PUBLIC_ROUTE.test(routePath);
}

export function isPublicActionName(name: string): boolean {
  return PUBLIC_ACTION.test(name);
}
