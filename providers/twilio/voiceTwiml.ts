import twilio from 'twilio';

const { VoiceResponse } = twilio.twiml;

/**
 * The assigned user's leg: the whisper, up to three times inside <Gather>s so any key interrupts it
 * and posts to `connectUrl`. With a key press required, silence ends the attempt; without, the call
 * goes on to `connectUrl` right after the first whisper.
 */
export function whisperTwiml(whisper: string, keypress: boolean, connectUrl: string): string {
	const response = new VoiceResponse();
	const times = keypress ? 3 : 1;
	for (let i = 0; i < times; i++) {
		response
			.gather({ numDigits: 1, timeout: keypress ? 5 : 1, action: connectUrl, method: 'POST' })
			.say(whisper);
	}
	if (keypress) {
		response.say('No key was pressed. Goodbye.');
		response.hangup();
	} else {
		response.redirect({ method: 'POST' }, connectUrl);
	}
	return response.toString();
}

/**
 * A leg joins the call's private conference room; either side leaving ends it. The user waits there
 * (hearing nothing) while the contact is dialed, so the user never hears a voicemail greeting.
 */
export function conferenceTwiml(room: string, say?: string): string {
	const response = new VoiceResponse();
	if (say) response.say(say);
	response
		.dial()
		.conference(
			{ startConferenceOnEnter: true, endConferenceOnExit: true, beep: 'false', waitUrl: '' },
			room,
		);
	return response.toString();
}

/** Plays a recording once, then hangs up. */
export function playTwiml(url: string): string {
	const response = new VoiceResponse();
	response.play(url);
	response.hangup();
	return response.toString();
}

export function hangupTwiml(say?: string): string {
	const response = new VoiceResponse();
	if (say) response.say(say);
	response.hangup();
	return response.toString();
}
