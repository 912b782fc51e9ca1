import { foldConsentIntoCounts, inboxDetail } from './consent';
import type { SqlDatabase } from './database';
import { ERASED, Forgetting, type MentionColumns } from './forgetting';
import { Mentions, type Replacement } from './mentions';

/** What an erasure removed, for the output and the audit trail of whoever ran it. */
export interface ErasureReport {
	erased: 'contact' | 'team_user';
	id: number;
	/** Rows removed or emptied, per kind of record. */
	removed: Record<string, number>;
	/** Executions that were waiting on this contact's manual tasks: they no longer have a task to complete. */
	waiting_executions: string[];
}

/** How records that keep a departed team user's work read: "Completed by a former team user". */
const FORMER_USER: Replacement = { name: 'a former team user', address: ERASED };

/**
 * Columns that record who did something, or to whom the package wrote on a team user's behalf:
 * a team user's name, address or number in them is replaced, and the record stays for everyone
 * else. Message bodies sent to contacts are not among them (they are what the contact received and
 * go with the contact); the summaries the package writes of calls are.
 */
const TEAM_USER_COLUMNS: MentionColumns[] = [
	{
		table: 'conversation_messages',
		columns: ['from_address', 'to_address'],
		json: ['meta'],
	},
	{
		table: 'conversation_messages',
		columns: ['body'],
		where: `channel IN ('call', 'voicemail', 'external_call')`,
	},
	{
		table: 'manual_tasks',
		columns: ['completed_by', 'claimed_by', 'notice', 'notes'],
		json: ['result', 'sent_result'],
	},
	{
		table: 'voice_calls',
		columns: ['user_number', 'caller', 'whisper', 'error'],
		json: ['item', 'result'],
	},
	{ table: 'deferred_items', columns: [], json: ['input', 'item', 'output'] },
	{ table: 'delivery_records', columns: ['error'], json: ['result'] },
	{ table: 'delivery_events', columns: ['reason'] },
	{ table: 'notifications', columns: ['title', 'message'] },
	{ table: 'inbound_deliveries', columns: [], json: ['body'] },
];

/**
 * A patient's right to erasure, and a departed team member's: every record that names the person
 * goes or forgets them, whether it names them by id, by their email in another case, by their
 * number in another format or by their name. Delivery records stay as anonymous rows (no contact, no
 * address, no provider payload) so an action's statistics keep their counts.
 */
export class Erasure {
	constructor(private readonly db: SqlDatabase) {}

	async contact(id: number): Promise<ErasureReport | undefined> {
		return this.db.transaction(async (tx) => {
			const contact = await tx.get<{ email: string | null; phone: string | null }>(
				'SELECT email, phone FROM contacts WHERE id = ?',
				[id],
			);
			if (!contact) return undefined;
			// Addresses only: where no contact id says who a record is about, a first name names many people.
			const forget = new Forgetting(
				tx,
				new Mentions({
					names: [],
					emails: present(contact.email),
					phones: present(contact.phone),
					tokens: [],
				}),
			);
			const waiting = await tx.all<{ execution_id: string }>(
				`SELECT DISTINCT execution_id FROM manual_tasks WHERE contact_id = ? AND status <> 'completed'`,
				[id],
			);
			for (const table of ['conversation_messages', 'manual_tasks', 'notifications'])
				await forget.run(table, `DELETE FROM ${table} WHERE contact_id = ?`, [id]);
			// Calls and voicemail drops keep the contact's number, the whisper and the item they came from.
			await forget.run('voice_calls', 'DELETE FROM voice_calls WHERE contact_id = ?', [id]);
			await forget.deleteMentioning('voice_calls', 'contact_number');
			// Items waiting for the contact's calling window hold the contact as the trigger sent it.
			await forget.run('deferred_items', 'DELETE FROM deferred_items WHERE contact_id = ?', [id]);
			// The consent trail says what the person agreed to and how: only counts that name nobody stay.
			forget.removed.consent_events = await foldConsentIntoCounts(tx, id);
			// Notifications quote the contact to the team, with or without a contact id.
			await forget.deleteMentioning('notifications', 'message');
			await forget.deleteMentioning('notifications', 'title');
			await forget.deleteMentioning('notification_sends', 'recipient');
			// Their sends, and sends to their address that no contact was named for (a notification to it).
			const own = await tx.all<{ id: number }>(
				'SELECT id FROM delivery_records WHERE contact_id = ?',
				[id],
			);
			await forget.anonymizeSends([
				...own.map((r) => r.id),
				...(await forget.rowsMentioning('delivery_records', 'recipient', 'contact_id IS NULL')),
			]);
			// Deliveries posted to an Inbound Webhook Trigger are kept as posted: those naming the contact go.
			await forget.deleteMentioning('inbound_deliveries', 'body');
			await forget.run('contacts', 'DELETE FROM contacts WHERE id = ?', [id]);
			return {
				erased: 'contact',
				id,
				removed: forget.removed,
				waiting_executions: waiting.map((w) => w.execution_id),
			};
		});
	}

	async teamUser(id: number): Promise<ErasureReport | undefined> {
		return this.db.transaction(async (tx) => {
			const user = await tx.get<{
				name: string;
				email: string | null;
				phone: string | null;
				whatsapp: string | null;
				connected_number: string | null;
				slack_user_id: string | null;
			}>(
				'SELECT name, email, phone, whatsapp, connected_number, slack_user_id FROM team_users WHERE id = ?',
				[id],
			);
			if (!user) return undefined;
			const forget = new Forgetting(
				tx,
				new Mentions({
					names: [user.name],
					emails: present(user.email),
					phones: present(user.phone, user.whatsapp, user.connected_number),
					// Internal notifications, their rate windows and Write with AI's counts name a team user by id.
					tokens: [`user:${id}`, `user ${id}`, ...present(user.slack_user_id)],
				}),
			);
			for (const table of ['inbox_sessions', 'inbox_password_links', 'notifications'])
				await forget.run(table, `DELETE FROM ${table} WHERE user_id = ?`, [id]);
			// Sign-in attempts are counted by the email typed.
			await forget.deleteMentioning('inbox_throttle', 'key');
			await forget.deleteMentioning('notification_sends', 'recipient');
			await forget.run(
				'contacts_unassigned',
				'UPDATE contacts SET assigned_user_id = NULL WHERE assigned_user_id = ?',
				[id],
			);
			await forget.run(
				'voice_calls_anonymized',
				'UPDATE voice_calls SET user_id = NULL, user_number = NULL WHERE user_id = ?',
				[id],
			);
			await forget.run(
				'manual_tasks_unassigned',
				`UPDATE manual_tasks SET assignee_user_id = NULL, assignment = CASE WHEN status = 'completed' THEN assignment ELSE 'unassigned' END
				 WHERE assignee_user_id = ?`,
				[id],
			);
			await forget.anonymizeSends(await forget.rowsMentioning('delivery_records', 'recipient'));
			for (const target of TEAM_USER_COLUMNS) await forget.rewrite(target, FORMER_USER);
			// A snapshot's record of the member it brought names them; a later push brings the snapshot's
			// member again, as the snapshot still holds them.
			await forget.run(
				'snapshot_items',
				`DELETE FROM snapshot_items WHERE kind = 'team' AND local_ref = ?`,
				[String(id)],
			);
			// The consent trail keeps what the user changed, no longer who they were.
			await forget.run(
				'consent_events_anonymized',
				`UPDATE consent_events SET detail = 'by a former team member in the Inbox' WHERE source = 'inbox' AND detail = ?`,
				[inboxDetail(user.name)],
			);
			await forget.run('team_users', 'DELETE FROM team_users WHERE id = ?', [id]);
			return { erased: 'team_user', id, removed: forget.removed, waiting_executions: [] };
		});
	}
}

const present = (...values: Array<string | null>): string[] =>
	values.filter((v): v is string => Boolean(v));
