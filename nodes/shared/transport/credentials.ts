/**
 * The names of the package's credential types, as nodes ask n8n for them. A node description's
 * credentials list keeps the names as literals: n8n's lint reads them there to find each credential's test.
 */
export const WORKSPACE_CREDENTIAL = 'aesthetixWorkspaceApi';
export const SMTP_CREDENTIAL = 'aesthetixSmtpApi';
export const TWILIO_CREDENTIAL = 'aesthetixTwilioApi';
export const SLACK_CREDENTIAL = 'aesthetixSlackApi';
export const AI_MODEL_CREDENTIAL = 'aesthetixAiModelApi';
export const EMAIL_EVENTS_CREDENTIAL = 'aesthetixEmailEventsApi';
export const INBOUND_WEBHOOK_CREDENTIAL = 'aesthetixInboundWebhookApi';
export const AGENCY_CREDENTIAL = 'aesthetixAgencyApi';
export const N8N_API_CREDENTIAL = 'aesthetixN8nApi';
