export { createSmtpTransport, explainSmtpError } from './smtpTransport';
export * from './types';
