// The No-Show voicemail example at version 1 (Calling Hours a switch, on by default), as the
// Voicemail suites, end to end and in process, drive it.
const { exampleWorkflow } = require('./stack');
const { zoneAtLocalHour } = require('./timeZones');

const example = exampleWorkflow('no-show-voicemail.json');
example.nodes[1].typeVersion = 1;
const VOICEMAIL = 'No-Show Voicemail';
const DONE = 'Voicemail Done';

/**
 * The Appointment No-Show body: a contact where it is midday, so Calling Hours lets the voicemail
 * go whatever the time, and a recording served from `filesBase`.
 */
const noShow = (filesBase, contact, recording = 'reschedule-128k.mp3') => ({
	contact: { timezone: zoneAtLocalHour(12), ...contact },
	recording_url: `${filesBase}/${recording}`,
});

module.exports = { example, VOICEMAIL, DONE, noShow };
