import {
	CONSENT_FLAGS,
	type ConsentChannel,
	type ConsentFlag,
	type ConsentSource,
} from './consentFlags';
import type { Row, SqlDatabase } from './database';
import { bool, now, num, numOrNull } from './rows';

/** One change of a contact's opt-out: who or what made it, and why. */
export interface ConsentChange {
	contactId: number;
	flag: ConsentFlag;
	/** True for an opt-out (or DND turned on), false for consent given back. */
	optedOut: boolean;
	source: ConsentSource;
	/** In words, for the trail and the reason a send is skipped: "replied STOP", "marked the email as spam". */
	detail: string;
	/** The email the change came from, when it came from one (its link, or a provider event about it). */
	deliveryId?: number | null;
	at?: string;
}

export interface ConsentEntry {
	id: number;
	contact_id: number;
	channel: ConsentChannel;
	flag: ConsentFlag;
	opted_out: boolean;
	source: ConsentSource;
	detail: string;
	delivery_id: number | null;
	at: string;
}

/** How often each kind of change happened: live trail entries and those kept from erased contacts. */
export interface ConsentCount {
	channel: ConsentChannel;
	flag: ConsentFlag;
	opted_out: boolean;
	source: ConsentSource;
	count: number;
}

function toEntry(row: Row): ConsentEntry {
	return {
		id: num(row.id),
		contact_id: num(row.contact_id),
		channel: row.channel as ConsentChannel,
		flag: row.flag as ConsentFlag,
		opted_out: bool(row.opted_out),
		source: row.source as ConsentSource,
		detail: String(row.detail ?? ''),
		delivery_id: numOrNull(row.delivery_id),
		at: String(row.created_at),
	};
}

/**
 * The consent trail and the opt-out flags it explains. A change that would leave the flag as it is
 * records nothing, so a provider's retry, a second STOP or a DND set twice leave one entry.
 */
export class Consent {
	constructor(private readonly db: SqlDatabase) {}

	/** Sets the flag and appends its trail entry together; undefined when nothing changed (or no such contact). */
	async record(change: ConsentChange): Promise<ConsentEntry | undefined> {
		const column = change.flag;
		if (!(column in CONSENT_FLAGS)) throw new Error(`Unknown consent flag ${column}`);
		const at = change.at ?? now();
		return this.db.transaction(async (tx) => {
			// The condition on the old value makes two processes recording the same change at once
			// leave one entry: the second finds the flag already moved.
			const { changes } = await tx.run(
				`UPDATE contacts SET ${column} = ?, updated_at = ? WHERE id = ? AND ${column} = ?`,
				[change.optedOut ? 1 : 0, at, change.contactId, change.optedOut ? 0 : 1],
			);
			if (changes === 0) return undefined;
			const row = await tx.get(
				`INSERT INTO consent_events (contact_id, channel, flag, opted_out, source, detail, delivery_id, created_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
				[
					change.contactId,
					CONSENT_FLAGS[column].channel,
					column,
					change.optedOut ? 1 : 0,
					change.source,
					change.detail,
					change.deliveryId ?? null,
					at,
				],
			);
			return toEntry(row!);
		});
	}

	/** The contact's trail, newest first. */
	async trail(contactId: number): Promise<ConsentEntry[]> {
		const rows = await this.db.all(
			'SELECT * FROM consent_events WHERE contact_id = ? ORDER BY id DESC',
			[contactId],
		);
		return rows.map(toEntry);
	}

	/** The change that put the flag where it is now, if the trail has it (flags set before the trail began have none). */
	async latest(contactId: number, flag: ConsentFlag): Promise<ConsentEntry | undefined> {
		const row = await this.db.get(
			'SELECT * FROM consent_events WHERE contact_id = ? AND flag = ? ORDER BY id DESC LIMIT 1',
			[contactId, flag],
		);
		return row && toEntry(row);
	}

	/** Every kind of change counted over the workspace, erased contacts' included. */
	async counts(): Promise<ConsentCount[]> {
		const rows = await this.db.all(
			`SELECT channel, flag, opted_out, source, SUM(n) AS n FROM (
			   SELECT channel, flag, opted_out, source, COUNT(*) AS n FROM consent_events GROUP BY channel, flag, opted_out, source
			   UNION ALL
			   SELECT channel, flag, opted_out, source, SUM(count) AS n FROM consent_counts GROUP BY channel, flag, opted_out, source
			 ) together GROUP BY channel, flag, opted_out, source ORDER BY channel, flag, opted_out DESC, source`,
		);
		return rows.map((r) => ({
			channel: r.channel as ConsentChannel,
			flag: r.flag as ConsentFlag,
			opted_out: bool(r.opted_out),
			source: r.source as ConsentSource,
			count: Number(r.n),
		}));
	}
}

/** How a team member's change from the Inbox reads in the trail (and what their erasure looks for). */
export const inboxDetail = (name: string) => `by ${name} in the Inbox`;

/**
 * Erasure's part: the contact's trail leaves only counts per month, channel, change and source, with
 * nothing that names the person. Runs inside the erasure's transaction; returns the entries removed.
 */
export async function foldConsentIntoCounts(tx: SqlDatabase, contactId: number): Promise<number> {
	const groups = await tx.all(
		`SELECT substr(created_at, 1, 7) AS month, channel, flag, opted_out, source, COUNT(*) AS n
		 FROM consent_events WHERE contact_id = ? GROUP BY substr(created_at, 1, 7), channel, flag, opted_out, source`,
		[contactId],
	);
	for (const g of groups) {
		await tx.run(
			`INSERT INTO consent_counts (month, channel, flag, opted_out, source, count) VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT (month, channel, flag, opted_out, source) DO UPDATE SET count = consent_counts.count + excluded.count`,
			[
				String(g.month),
				String(g.channel),
				String(g.flag),
				Number(g.opted_out),
				String(g.source),
				Number(g.n),
			],
		);
	}
	return (await tx.run('DELETE FROM consent_events WHERE contact_id = ?', [contactId])).changes;
}
