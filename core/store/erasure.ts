import { foldConsentIntoCounts, inboxDetail } from './consent';
import type { SqlDatabase, SqlValue } from './database';

/** What an erasure removed, for the output and the audit trail of whoever ran it. */
export interface ErasureReport {
	erased: 'contact' | 'team_user';
	id: number;
	/** Rows removed or emptied, per kind of record. */
	removed: Record<string, number>;
	/** Executions that were waiting on this contact's manual tasks: they no longer have a task to complete. */
	waiting_executions: string[];
}

const ERASED = 'erased';

/**
 * A patient's right to erasure (and a departed team member's): every record that names the person
 * goes. Delivery records stay as anonymous rows (no contact, no address, no provider payload) so an
 * action's statistics keep their counts.
 */
export class Erasure {
	constructor(private readonly db: SqlDatabase) {}

	async contact(id: number): Promise<ErasureReport | undefined> {
		return this.db.transaction(async (tx) => {
			const exists = await tx.get<{ email: string | null; phone: string | null }>(
				'SELECT email, phone FROM contacts WHERE id = ?',
				[id],
			);
			if (!exists) return undefined;
			const removed: Record<string, number> = {};
			const count = async (kind: string, sql: string, params: SqlValue[]) => {
				removed[kind] = (removed[kind] ?? 0) + (await tx.run(sql, params)).changes;
			};
			const waiting = await tx.all<{ execution_id: string }>(
				`SELECT DISTINCT execution_id FROM manual_tasks WHERE contact_id = ? AND status <> 'completed'`,
				[id],
			);
			await count(
				'conversation_messages',
				'DELETE FROM conversation_messages WHERE contact_id = ?',
				[id],
			);
			await count('manual_tasks', 'DELETE FROM manual_tasks WHERE contact_id = ?', [id]);
			// Calls and voicemail drops keep the contact's number, the whisper and the item they came from.
			await count('voice_calls', 'DELETE FROM voice_calls WHERE contact_id = ?', [id]);
			// Items waiting for the contact's calling window hold the contact as the trigger sent it.
			await count('deferred_items', 'DELETE FROM deferred_items WHERE contact_id = ?', [id]);
			// The consent trail says what the person agreed to and how: only counts that name nobody stay.
			removed.consent_events = await foldConsentIntoCounts(tx, id);
			// Notifications about the contact quote their name and details to the team.
			await count('notifications', 'DELETE FROM notifications WHERE contact_id = ?', [id]);
			await count(
				'tracked_links',
				'DELETE FROM tracked_links WHERE delivery_id IN (SELECT id FROM delivery_records WHERE contact_id = ?)',
				[id],
			);
			// Bounce reasons and clicked addresses may quote the recipient; the events' times stay for the counts.
			await count(
				'delivery_event_reasons',
				'UPDATE delivery_events SET reason = NULL WHERE reason IS NOT NULL AND delivery_id IN (SELECT id FROM delivery_records WHERE contact_id = ?)',
				[id],
			);
			await count(
				'delivery_records_anonymized',
				// The idempotency key names the recipient's address too.
				`UPDATE delivery_records SET contact_id = NULL, recipient = ?, result = '{}', error = NULL, idempotency_key = ? || id WHERE contact_id = ?`,
				[ERASED, `${ERASED}:`, id],
			);
			// Deliveries posted to an Inbound Webhook Trigger are kept as posted: those naming the contact go.
			for (const value of [exists.email, exists.phone]) {
				if (!value) continue;
				const pattern = `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
				await count(
					'inbound_deliveries',
					`DELETE FROM inbound_deliveries WHERE body LIKE ? ESCAPE '\\'`,
					[pattern],
				);
			}
			await count('contacts', 'DELETE FROM contacts WHERE id = ?', [id]);
			return {
				erased: 'contact',
				id,
				removed,
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
			}>('SELECT name, email, phone, whatsapp FROM team_users WHERE id = ?', [id]);
			if (!user) return undefined;
			const removed: Record<string, number> = {};
			const count = async (kind: string, sql: string, params: SqlValue[]) => {
				removed[kind] = (removed[kind] ?? 0) + (await tx.run(sql, params)).changes;
			};
			await count('inbox_sessions', 'DELETE FROM inbox_sessions WHERE user_id = ?', [id]);
			await count('inbox_password_links', 'DELETE FROM inbox_password_links WHERE user_id = ?', [
				id,
			]);
			await count('notifications', 'DELETE FROM notifications WHERE user_id = ?', [id]);
			await count(
				'contacts_unassigned',
				'UPDATE contacts SET assigned_user_id = NULL WHERE assigned_user_id = ?',
				[id],
			);
			await count(
				'voice_calls_anonymized',
				'UPDATE voice_calls SET user_id = NULL, user_number = NULL WHERE user_id = ?',
				[id],
			);
			await count(
				'manual_tasks_unassigned',
				`UPDATE manual_tasks SET assignee_user_id = NULL, assignment = CASE WHEN status = 'completed' THEN assignment ELSE 'unassigned' END
				 WHERE assignee_user_id = ?`,
				[id],
			);
			// Internal notifications reached the user by id or by address.
			const addresses = [
				`user:${id}`,
				`user ${id}`,
				user.email && `email:${user.email}`,
				user.email,
				user.phone,
				user.whatsapp,
			].filter((a): a is string => Boolean(a));
			const marks = addresses.map(() => '?').join(', ');
			await count(
				'notification_sends',
				`DELETE FROM notification_sends WHERE recipient IN (${marks})`,
				addresses,
			);
			await count(
				'delivery_records_anonymized',
				`UPDATE delivery_records SET recipient = ?, result = '{}', error = NULL, idempotency_key = ? || id WHERE recipient IN (${marks})`,
				[ERASED, `${ERASED}:`, ...addresses],
			);
			// The consent trail keeps what the user changed, no longer who they were.
			await count(
				'consent_events_anonymized',
				`UPDATE consent_events SET detail = 'by a former team member in the Inbox' WHERE source = 'inbox' AND detail = ?`,
				[inboxDetail(user.name)],
			);
			await count('team_users', 'DELETE FROM team_users WHERE id = ?', [id]);
			return { erased: 'team_user', id, removed, waiting_executions: [] };
		});
	}
}
