// The sample clinic `npm start` sets up, Glow Med Spa: its team, templates, Reputation settings and
// premium switch, and the credentials its example workflows in `workflows/` name. The end-to-end
// and snapshot tests start from the same clinic, so what they export is what a newcomer sees.

const CREDENTIAL_IDS = {
	smtp: 'aeSmtpLocal00001',
	workspace: 'aeWorkspace00001',
	twilio: 'aeTwilioLocal001',
	slack: 'aeSlackLocal0001',
	dialer: 'aeDialerSecret01',
};

const WORKSPACE = {
	companyName: 'Glow Med Spa',
	companyPhone: '+15550001111',
	timeZone: 'America/New_York',
	defaultCountry: 'US',
};

const TEAM = [
	{ name: 'Olivia Owner', email: 'owner@glowmedspa.test', phone: '+15550001000', role: 'owner' },
	{
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		phone: '+15550001001',
		role: 'lead esthetician',
		team: 'Treatment',
	},
	{
		name: 'Sam Reyes',
		email: 'sam@glowmedspa.test',
		phone: '+15550001002',
		role: 'coordinator',
		team: 'Front Desk',
	},
];

/**
 * Seeds an empty workspace store (from `dist/` or the TypeScript sources) with the sample clinic.
 * `setPassword(store, userId, password)` gives the owner and Maya an Inbox password when passed.
 */
async function seedGlowMedSpa(store, { password, setPassword } = {}) {
	if ((await store.teamUsers.list({ includeInactive: true })).length > 0) return false;
	const users = [];
	for (const member of TEAM) users.push(await store.teamUsers.create(member));
	if (password && setPassword) {
		await setPassword(store, users[0].id, password);
		await setPassword(store, users[1].id, password);
	}
	await store.settings.set('premium_actions', { enabled: true });
	await store.settings.set('reputation', {
		review_link: 'https://g.page/r/glow-med-spa/review',
		enabled: true,
		sender_email: 'hello@glowmedspa.test',
	});
	await store.templates.save(
		'sms',
		'Appointment reminder',
		'Hi {{contact.first_name}}, see you {{appointment.only_start_date}} at {{appointment.only_start_time}}!',
	);
	await store.templates.save(
		'email',
		'Booking confirmation',
		'<p>Hi {{contact.first_name}},</p><p>Your appointment is confirmed for {{appointment.start_time}}.</p><p>{{company.name}}</p>',
		'Your appointment on {{appointment.only_start_date}}',
	);
	return true;
}

module.exports = { seedGlowMedSpa, CREDENTIAL_IDS, WORKSPACE, TEAM };
