// The Appointment Call Reminder example at version 1 (Calling Hours a switch, on by default) and the
// team it calls from, as the Call suites, end to end and in process, drive it.
const { exampleWorkflow, variant } = require('./stack');
const { zoneAtLocalHour } = require('./timeZones');

const reminder = exampleWorkflow('appointment-call-reminder.json');
reminder.nodes[1].typeVersion = 1;
const CALL = 'Appointment Call Reminder';
const DONE = 'Call Finished';
const MAYA = '+15550002001';

/** The Call step of the example with other settings, behind its own webhook path. */
const callVariant = (id, path, parameters, credentials) =>
	variant(reminder, {
		id,
		path,
		nodes: {
			[CALL]: {
				parameters: { ...reminder.nodes[1].parameters, ...parameters },
				...(credentials ? { credentials } : {}),
			},
		},
	});

/** A Send SMS step reminding the posted contact, with `options` (Stop on Response, Calling Hours). */
const reminderSms = (options) => ({
	name: 'Reminder SMS',
	type: 'n8n-nodes-aesthetix.sendSms',
	typeVersion: 1,
	parameters: {
		contact: '={{ $json.body.contact }}',
		message: 'See you soon, {{contact.first_name}}!',
		...options,
	},
	credentials: reminder.nodes[1].credentials,
});

/** Contacts live where it is midday, so Calling Hours (on by default) lets the call go whatever the time. */
const confirmed = (contact) => ({
	contact: { timezone: zoneAtLocalHour(12), ...contact },
	appointment: { start_time: '2026-12-01T15:00:00Z' },
});

/** Maya, a provider with a phone, and Noor, one without. */
async function addCallTeam(store) {
	await store.teamUsers.create({
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		phone: MAYA,
		role: 'provider',
	});
	await store.teamUsers.create({
		name: 'Noor Patel',
		email: 'noor@glowmedspa.test',
		role: 'provider',
	});
}

module.exports = { reminder, CALL, DONE, MAYA, callVariant, reminderSms, confirmed, addCallTeam };
