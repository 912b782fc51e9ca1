export { createTwilioMessaging } from './twilioMessaging';
export { createTwilioVoice } from './twilioVoice';
export { explainTwilioError } from './errors';
export { isSignedByTwilio } from './signature';
export { whisperTwiml, conferenceTwiml, hangupTwiml, playTwiml } from './voiceTwiml';
export * from './types';
export * from './voiceTypes';
export {
	fetchContentTemplate,
	listApprovedWhatsAppTemplates,
	type ContentTemplate,
	type WhatsAppTemplate,
} from './contentTemplates';
export { twilioAccountProblem } from './account';
