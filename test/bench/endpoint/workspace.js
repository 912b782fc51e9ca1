// What the endpoint benchmark puts in the workspace before a burst (the texts and emails whose
// callbacks and events it sends, a team user for the Inbox) and what it checks there after: nothing
// lost or doubled, one contact per number, every STOP honoured.
const { openStore, closeAllStores } = require('../../../dist/core/store');
const { deliveryToken } = require('../../../dist/core/email/deliveryToken');
const { setPassword } = require('../../../dist/core/inbox/auth');

const INBOX_USER = { email: 'bench.admin@glowmedspa.test', password: 'Bench-Inbox-2026' };

function open(store) {
	return store.kind === 'sqlite'
		? openStore({ kind: 'sqlite', file: store.file })
		: openStore({
				kind: 'postgres',
				host: store.host,
				port: store.port,
				database: store.database,
				user: store.user,
				password: store.password || undefined,
			});
}

async function ensureInboxUser(store) {
	const found = await store.teamUsers.findByEmail(INBOX_USER.email);
	const user =
		found ??
		(await store.teamUsers.create({ name: 'Bench Admin', email: INBOX_USER.email, role: 'admin' }));
	if (!found) await setPassword(store, user.id, INBOX_USER.password);
	return INBOX_USER;
}

/** `count` sent messages of a channel, each with its contact and conversation entry. */
async function sentMessages(store, tag, channel, count) {
	const secret = await store.settings.secret();
	const messages = [];
	await store.db.transaction(async () => {
		for (let i = 0; i < count; i++) {
			const recipient =
				channel === 'sms'
					? `+1556${String(tag).padStart(3, '0')}${String(i).padStart(4, '0')}`
					: `guest.${tag}.${i}@example.com`;
			const contact = await store.contacts.findOrCreate(
				channel === 'sms' ? { phone: recipient } : { email: recipient },
			);
			const { record } = await store.deliveries.claim({
				idempotency_key: `bench:${tag}:${channel}:${i}`,
				workflow_id: 'benchSeed',
				node_id: 'seed',
				action_name: channel === 'sms' ? 'Bench text' : 'Bench email',
				execution_id: '0',
				channel,
				contact_id: contact.id,
				recipient,
				is_test: false,
			});
			const messageId =
				channel === 'sms'
					? `SM${tag}x${String(i).padStart(30, '0')}`.slice(0, 34)
					: `<bench.${tag}.${i}@glowmedspa.test>`;
			await store.deliveries.finish(record.id, {
				status: 'accepted',
				provider_message_id: messageId,
			});
			await store.conversations.log({
				contact_id: contact.id,
				channel,
				direction: 'outbound',
				status: 'accepted',
				subject: channel === 'email' ? 'Bench' : null,
				body: 'Bench message',
				from_address: null,
				to_address: recipient,
				provider_message_id: messageId,
				workflow_id: 'benchSeed',
				action_name: 'Bench',
				execution_id: '0',
			});
			messages.push({
				id: record.id,
				recipient,
				messageId,
				deliveryToken: deliveryToken(secret, 'delivery', record.id),
				openToken: deliveryToken(secret, 'open', record.id),
			});
		}
	});
	return messages;
}

const placeholders = (values) => values.map(() => '?').join(', ');

/** Problems with the workspace after a burst, in words; empty when every property holds. */
async function problems(
	store,
	{ numbers, texts, emails, mailgunEmails, sendgridEmails, openedEmails },
) {
	const found = [];
	const contacts = await store.db.all(
		`SELECT phone, COUNT(*) AS n, MIN(sms_opted_out) AS opted_out FROM contacts WHERE phone IN (${placeholders(numbers)}) GROUP BY phone`,
		numbers,
	);
	const doubled = contacts.filter((c) => Number(c.n) !== 1).length;
	if (contacts.length !== numbers.length)
		found.push(`${numbers.length - contacts.length} of ${numbers.length} numbers have no contact`);
	if (doubled) found.push(`${doubled} numbers have more than one contact`);
	const notOptedOut = contacts.filter((c) => !Number(c.opted_out) && c.opted_out !== true).length;
	if (notOptedOut) found.push(`${notOptedOut} numbers that sent STOP are not opted out`);
	const inbound = await store.db.get(
		`SELECT COUNT(*) AS n FROM conversation_messages WHERE direction = 'inbound' AND from_address IN (${placeholders(numbers)})`,
		numbers,
	);
	if (Number(inbound.n) !== numbers.length * 2)
		found.push(`${inbound.n} inbound texts recorded, ${numbers.length * 2} sent`);
	const ids = texts.map((t) => t.id);
	const notDelivered = await store.db.get(
		`SELECT COUNT(*) AS n FROM delivery_records WHERE id IN (${placeholders(ids)}) AND status <> 'delivered'`,
		ids,
	);
	if (Number(notDelivered.n))
		found.push(`${notDelivered.n} texts not at delivered after their reports`);
	const count = async (list, event) => {
		const eventIds = list.map((e) => e.id);
		const row = await store.db.get(
			`SELECT COUNT(*) AS n, COUNT(DISTINCT delivery_id) AS d FROM delivery_events WHERE event = ? AND delivery_id IN (${placeholders(eventIds)})`,
			[event, ...eventIds],
		);
		if (Number(row.n) !== list.length || Number(row.d) !== list.length)
			found.push(`${row.n} "${event}" events recorded for ${list.length} emails`);
	};
	await count([...mailgunEmails, ...sendgridEmails], 'delivered');
	await count(openedEmails, 'opened');
	void emails;
	return found;
}

module.exports = {
	open,
	close: closeAllStores,
	ensureInboxUser,
	sentMessages,
	problems,
	INBOX_USER,
};
