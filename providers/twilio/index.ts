export { createTwilioMessaging } from './twilioMessaging';
export { explainTwilioError } from './errors';
export { isSignedByTwilio } from './signature';
export * from './types';
