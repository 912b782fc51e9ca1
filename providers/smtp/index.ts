export { createSmtpTransport, explainSmtpError } from './smtpTransport';
export * from './types';
export { DkimConfigError, dkimDnsRecord, dkimSigning, type DkimConfig } from './dkim';
