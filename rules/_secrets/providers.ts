// Credentials recognisable by their shape alone: a provider prefix plus a random body. A match is a finding
// unless the body is a placeholder (see placeholders.ts); the few patterns that need context say so.
import type { Severity } from '../../src/core/types.js';

export interface ProviderPattern {
  id: string;
  /** What it is, for messages: "Stripe live secret key". */
  label: string;
  /** Global regex; group 1, when present, is the random body checked against placeholders. */
  pattern: RegExp;
  severity: Severity;
  /** How to replace and rotate it. */
  rotate: string;
}

export const PROVIDER_PATTERNS: readonly ProviderPattern[] = [
  {
    id: 'aws-access-key-id',
    label: 'AWS access key id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)([0-9A-Z]{16})\b/g,
    severity: 'critical',
    rotate: 'deactivate the access key in IAM and use a role or environment credentials',
  },
  {
    id: 'github-token',
    label: 'GitHub token',
    pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_([A-Za-z0-9]{36,255})\b/g,
    severity: 'critical',
    rotate: 'revoke the token in GitHub settings and read it from the environment',
  },
  {
    id: 'github-fine-grained-token',
    label: 'GitHub fine-grained token',
    pattern: /\bgithub_pat_([A-Za-z0-9_]{50,255})\b/g,
    severity: 'critical',
    rotate: 'revoke the token in GitHub settings and read it from the environment',
  },
  {
    id: 'stripe-live-secret-key',
    label: 'Stripe live secret key',
    pattern: /\b(?:sk|rk)_live_([A-Za-z0-9]{16,255})\b/g,
    severity: 'critical',
    rotate: 'roll the key in the Stripe dashboard and read it from the environment',
  },
  {
    id: 'stripe-webhook-secret',
    label: 'Stripe webhook signing secret',
    pattern: /\bwhsec_([A-Za-z0-9+/=]{24,})/g,
    severity: 'high',
    rotate: 'roll the endpoint secret in the Stripe dashboard and read it from the environment',
  },
  {
    id: 'slack-token',
    label: 'Slack token',
    pattern: /\bxox[abposre]-([0-9A-Za-z-]{20,})/g,
    severity: 'critical',
    rotate: 'revoke the token in the Slack app settings and read it from the environment',
  },
  {
    id: 'slack-webhook',
    label: 'Slack incoming webhook URL',
    pattern: /https:\/\/hooks\.slack\.com\/services\/(T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,})/g,
    severity: 'high',
    rotate: 'regenerate the webhook in Slack and read the URL from the environment',
  },
  {
    id: 'anthropic-api-key',
    label: 'Anthropic API key',
    pattern: /\bsk-ant-(?:api|admin)\d{2}-([A-Za-z0-9_-]{32,})/g,
    severity: 'critical',
    rotate: 'delete the key in the Anthropic console and read it from the environment',
  },
  {
    id: 'openai-api-key',
    label: 'OpenAI API key',
    pattern: /\bsk-(?:(?:proj|svcacct|admin)-)?([A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})/g,
    severity: 'critical',
    rotate: 'revoke the key in the OpenAI dashboard and read it from the environment',
  },
  {
    id: 'openai-api-key',
    label: 'OpenAI API key',
    pattern: /\bsk-(?:proj|svcacct|admin)-([A-Za-z0-9_-]{40,})/g,
    severity: 'critical',
    rotate: 'revoke the key in the OpenAI dashboard and read it from the environment',
  },
  {
    id: 'openai-api-key',
    label: 'OpenAI API key',
    pattern: /\bsk-([A-Za-z0-9]{48})\b/g,
    severity: 'critical',
    rotate: 'revoke the key in the OpenAI dashboard and read it from the environment',
  },
  {
    id: 'google-api-key',
    label: 'Google API key',
    pattern: /\bAIza([0-9A-Za-z_-]{35})\b/g,
    severity: 'medium',
    rotate: 'restrict or regenerate the key in Google Cloud and read it from the environment',
  },
  {
    id: 'google-oauth-client-secret',
    label: 'Google OAuth client secret',
    pattern: /\bGOCSPX-([A-Za-z0-9_-]{28})\b/g,
    severity: 'high',
    rotate: 'reset the client secret in Google Cloud and read it from the environment',
  },
  {
    id: 'sendgrid-api-key',
    label: 'SendGrid API key',
    pattern: /\bSG\.([A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64})\b/g,
    severity: 'critical',
    rotate: 'delete the key in SendGrid and read it from the environment',
  },
  {
    id: 'twilio-api-key',
    label: 'Twilio API key',
    pattern: /\bSK([0-9a-f]{32})\b/g,
    severity: 'high',
    rotate: 'delete the API key in the Twilio console and read it from the environment',
  },
  {
    id: 'supabase-secret-key',
    label: 'Supabase secret key',
    pattern: /\bsb_secret_([A-Za-z0-9_-]{20,})/g,
    severity: 'critical',
    rotate: 'roll the secret key in the Supabase dashboard and read it from the environment',
  },
  {
    id: 'npm-token',
    label: 'npm access token',
    pattern: /\bnpm_([A-Za-z0-9]{36})\b/g,
    severity: 'critical',
    rotate: 'revoke the token on npmjs.com and read it from the environment',
  },
  {
    id: 'gitlab-token',
    label: 'GitLab personal access token',
    pattern: /\bglpat-([A-Za-z0-9_-]{20,})\b/g,
    severity: 'critical',
    rotate: 'revoke the token in GitLab and read it from the environment',
  },
  {
    id: 'huggingface-token',
    label: 'Hugging Face token',
    pattern: /\bhf_([A-Za-z]{34,})\b/g,
    severity: 'high',
    rotate: 'revoke the token on huggingface.co and read it from the environment',
  },
  {
    id: 'shopify-token',
    label: 'Shopify access token',
    pattern: /\bshp(?:at|ca|pa|ss)_([a-fA-F0-9]{32})\b/g,
    severity: 'critical',
    rotate: 'rotate the token in the Shopify admin and read it from the environment',
  },
  {
    id: 'resend-api-key',
    label: 'Resend API key',
    pattern: /\bre_([A-Za-z0-9]{8}_[A-Za-z0-9]{20,})\b/g,
    severity: 'high',
    rotate: 'delete the key in Resend and read it from the environment',
  },
];

/** The PEM header of a private key; the body that follows decides whether it is real. */
export const PEM_PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g;

/** `scheme://user:password@host`: a connection string with its password inline. */
export const CREDENTIAL_URL =
  /\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|cockroachdb|clickhouse|https?):\/\/([^\s:@/'"`]*):([^\s@/'"`]+)@([^\s/'"`:?#]+)/g;
