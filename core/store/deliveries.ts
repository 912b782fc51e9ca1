import type { Row, SqlDatabase, SqlValue } from './database';
import { bool, json, now, num, numOrNull } from './rows';
import type { DeliveryRecord, DeliveryStatus } from './types';
import { conversationInsert, Conversations, type ConversationInput } from './conversations';
import { TAKE_RECEIPT, WebhookReceipts } from './webhookReceipts';

export type DeliveryClaim = Pick<
	DeliveryRecord,
	| 'idempotency_key'
	| 'workflow_id'
	| 'node_id'
	| 'action_name'
	| 'execution_id'
	| 'channel'
	| 'contact_id'
	| 'recipient'
	| 'is_test'
> &
	Partial<Pick<DeliveryRecord, 'message_kind'>>;

function toRecord(row: Row): DeliveryRecord {
	return {
		...(row as unknown as DeliveryRecord),
		provider_status: (row.provider_status as string) ?? null,
		message_kind: (row.message_kind as string) ?? null,
		clicked_at: (row.clicked_at as string) ?? null,
		id: num(row.id),
		contact_id: numOrNull(row.contact_id),
		is_test: bool(row.is_test),
		result: json(row.result, {}),
	};
}

/** What a send's end writes to its record. */
export interface DeliveryOutcome {
	status: DeliveryStatus;
	provider_message_id?: string | null;
	error?: string | null;
	result?: Record<string, unknown>;
}

/** Statuses after which the message went out and must never be sent again. */
const SENT: DeliveryStatus[] = [
	'accepted',
	'sent',
	'delivered',
	'opened',
	'clicked',
	'bounced',
	'complained',
];

/** Statuses of a send that ended without the provider taking the message: a retry may send it. */
const RETRYABLE: DeliveryStatus[] = ['failed', 'rejected', 'skipped'];

export interface DeliveryClaimResult {
	record: DeliveryRecord;
	/** This caller holds the record and must send, then finish it. */
	claimed: boolean;
	/** The message went out before; `record.result` is what that send reported. */
	alreadySent: boolean;
}

/** How far a message got; a late `sent` callback never undoes `delivered`. */
const PROGRESS: Partial<Record<DeliveryStatus, number>> = {
	sending: 0,
	accepted: 1,
	sent: 2,
	delivered: 3,
	failed: 3,
};

/** How long a status report waits for its message id to be recorded; a send records it within seconds. */
const EARLY_REPORT_KEPT_MS = 24 * 60 * 60 * 1000;

/** PROGRESS in SQL, for a column or a `?` parameter; a status it does not name counts as 0. */
const progress = (value: string) =>
	`CASE ${value} ${Object.entries(PROGRESS)
		.map(([status, n]) => `WHEN '${status}' THEN ${n}`)
		.join(' ')} ELSE 0 END`;

/**
 * A delivery report's move of the text's record: its status only moves forward inside the
 * statement, so a late `sent` read before `delivered` was written cannot undo it.
 */
function moveForwardUpdate(
	providerMessageId: string,
	status: DeliveryStatus,
	providerStatus: string,
	error: string | null,
	onlyIf = '',
): { sql: string; params: SqlValue[] } {
	const forward = `${progress('?')} >= ${progress('status')}`;
	return {
		sql: `UPDATE delivery_records SET
		   status = CASE WHEN ${forward} THEN ? ELSE status END,
		   provider_status = CASE WHEN ${forward} THEN ? ELSE provider_status END,
		   error = COALESCE(?, error),
		   updated_at = ?
		 WHERE id = (SELECT id FROM delivery_records WHERE provider_message_id = ? ORDER BY id LIMIT 1)${onlyIf}
		 RETURNING *`,
		params: [status, status, status, providerStatus, error, now(), providerMessageId],
	};
}

/** PostgreSQL's class 23 (integrity constraint violation): a foreign key, a unique key, a check. */
const isIntegrityViolation = (error: unknown): boolean =>
	/^23/.test(String((error as { code?: unknown })?.code ?? ''));

/** Per-action delivery records: the action's statistics, and the guard that keeps a retry from sending twice. */
export class Deliveries {
	constructor(private readonly db: SqlDatabase) {}

	/**
	 * Claims the right to send for one item to one recipient. Exactly one caller gets `claimed`, even
	 * when several claim at the same moment: the key is unique, and a record whose earlier send failed
	 * is taken back by a single conditional update. `alreadySent` returns the earlier record when the
	 * message went out before (a retried node or execution); neither flag means another send holds
	 * the record, or one was interrupted before its outcome was known.
	 */
	async claim(claim: DeliveryClaim): Promise<DeliveryClaimResult> {
		const at = now();
		const inserted = await this.db.get(
			`INSERT INTO delivery_records (idempotency_key, workflow_id, node_id, action_name, execution_id, channel, contact_id,
			   recipient, status, is_test, message_kind, created_at, updated_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`,
			[
				claim.idempotency_key,
				claim.workflow_id,
				claim.node_id,
				claim.action_name,
				claim.execution_id,
				claim.channel,
				claim.contact_id,
				claim.recipient,
				claim.is_test ? 1 : 0,
				claim.message_kind ?? null,
				at,
				at,
			],
		);
		if (inserted) return { record: toRecord(inserted), claimed: true, alreadySent: false };
		// A send that never reached the provider may be tried again, by one claimer only: the update
		// re-checks the status under the row's lock (PostgreSQL) or the database's write lock (SQLite).
		const retaken = await this.db.get(
			`UPDATE delivery_records SET status = 'sending', error = NULL, execution_id = ?, updated_at = ?
			 WHERE idempotency_key = ? AND status IN (${RETRYABLE.map(() => '?').join(', ')}) AND provider_message_id IS NULL
			 RETURNING *`,
			[claim.execution_id, at, claim.idempotency_key, ...RETRYABLE],
		);
		if (retaken) return { record: toRecord(retaken), claimed: true, alreadySent: false };
		const existing = toRecord(
			(await this.db.get('SELECT * FROM delivery_records WHERE idempotency_key = ?', [
				claim.idempotency_key,
			]))!,
		);
		// A provider id means the provider took the message, whatever its later reports say.
		return {
			record: existing,
			claimed: false,
			alreadySent: SENT.includes(existing.status) || existing.provider_message_id !== null,
		};
	}

	/**
	 * Closes a send that n8n stopped in the middle of, in the execution that held it: its outcome is
	 * unknown, since the provider may have taken the message. Returns false when that execution no
	 * longer holds the record (another retry decided it first).
	 */
	async interrupt(id: number, heldBy: string): Promise<boolean> {
		const row = await this.db.get(
			`UPDATE delivery_records SET status = 'interrupted', error = ?, updated_at = ?
			 WHERE id = ? AND status IN ('sending', 'interrupted') AND execution_id = ?
			 RETURNING id`,
			['n8n stopped while this was being sent; the provider may have taken it', now(), id, heldBy],
		);
		return row !== undefined;
	}

	/**
	 * Takes over a send that n8n stopped in the middle of, to send it again: exactly one caller gets
	 * it, and only while the execution that held it still does.
	 */
	async takeOver(
		id: number,
		heldBy: string,
		executionId: string,
	): Promise<DeliveryRecord | undefined> {
		const row = await this.db.get(
			`UPDATE delivery_records SET status = 'sending', error = NULL, execution_id = ?, updated_at = ?
			 WHERE id = ? AND status IN ('sending', 'interrupted') AND execution_id = ?
			 RETURNING *`,
			[executionId, now(), id, heldBy],
		);
		return row && toRecord(row);
	}

	/**
	 * Closes a record with its send's outcome, and logs the message's conversation entry when given
	 * (on PostgreSQL in the same statement: every send closes a record and most log an entry).
	 */
	async finish(id: number, outcome: DeliveryOutcome, entry?: ConversationInput): Promise<void> {
		// The same statement asks whether a report came before the id was recorded, sparing every send a
		// look-up of its own; `report` makes sure one that comes meanwhile is not missed either way.
		const close = `UPDATE delivery_records SET status = ?, provider_message_id = ?, error = ?, result = ?, updated_at = ? WHERE id = ?
			 RETURNING channel, EXISTS (SELECT 1 FROM early_delivery_reports WHERE provider_message_id = ?) AS early`;
		const params = [
			outcome.status,
			outcome.provider_message_id ?? null,
			outcome.error ?? null,
			JSON.stringify(outcome.result ?? {}),
			now(),
			id,
			outcome.provider_message_id ?? null,
		];
		let row: { channel: string; early: unknown } | undefined;
		let logged = false;
		if (entry && this.db.dialect === 'postgres') {
			const insert = conversationInsert(entry);
			try {
				row = await this.db.get(
					`WITH closed AS (${close}), logged AS (${insert.sql}) SELECT channel, early FROM closed`,
					[...params, ...insert.params],
				);
				logged = true;
			} catch (failure) {
				// An entry that cannot be logged (its contact erased meanwhile) must not keep a sent
				// message's record open: closed on its own, the entry is tried again below and its error
				// thrown. Any other failure (the connection, a timeout) is the statement's and is thrown.
				if (!isIntegrityViolation(failure)) throw failure;
			}
		}
		if (!logged) row = await this.db.get(close, params);
		// Email events find their message another way (deliveryEvents); only Twilio's reports wait here.
		if (outcome.provider_message_id && row && row.channel !== 'email' && bool(row.early))
			await this.applyEarlyReports(outcome.provider_message_id);
		if (entry && !logged) await new Conversations(this.db).log(entry);
	}

	/** Live messages on a channel since `since` that went to the provider (not skipped, not still sending). */
	async sentCount(channel: string, since: string): Promise<number> {
		const row = await this.db.get<{ n: unknown }>(
			`SELECT COUNT(*) AS n FROM delivery_records
			 WHERE channel = ? AND is_test = 0 AND status NOT IN ('sending', 'skipped') AND created_at >= ?`,
			[channel, since],
		);
		return Number(row?.n ?? 0);
	}

	async byProviderId(providerMessageId: string): Promise<DeliveryRecord | undefined> {
		const row = await this.db.get('SELECT * FROM delivery_records WHERE provider_message_id = ?', [
			providerMessageId,
		]);
		return row && toRecord(row);
	}

	async get(id: number): Promise<DeliveryRecord | undefined> {
		const row = await this.db.get('SELECT * FROM delivery_records WHERE id = ?', [id]);
		return row && toRecord(row);
	}

	/**
	 * A provider's delivery report (Twilio's status callback). Reports arrive out of order, and two of
	 * the same message may arrive at the same moment, so the status moves only forward inside the one
	 * statement that writes it: a `sent` read before a `delivered` was written cannot undo it. The
	 * provider's error is kept either way. A report that arrives before the action has recorded the
	 * message id waits for it (`finish` applies it), so it is never lost; one of a text that is in a
	 * conversation without a record waits for nothing.
	 */
	async report(
		providerMessageId: string,
		status: DeliveryStatus,
		providerStatus: string,
		error: string | null,
	): Promise<DeliveryRecord | undefined> {
		const record = await this.moveForward(providerMessageId, status, providerStatus, error);
		return record ?? this.reportUnrecorded(providerMessageId, status, providerStatus, error);
	}

	/**
	 * `report` for a text, with its conversation entry moved to where the record ends, as
	 * `Conversations.followDelivery` moves it. Every text has a few reports, so on PostgreSQL one
	 * statement moves both when the record is there (SQLite updates one table per statement). With a
	 * `replayKey` the callback's receipt is taken first (see `WebhookReceipts.first`), on PostgreSQL in
	 * that same statement: `replay` says it was received before, and then nothing moved. A report
	 * that fails holds no receipt: one taken before the failure is let go, so the provider's retry is
	 * acted on, and a receipt some other request holds is never touched.
	 */
	async reportText(
		providerMessageId: string,
		status: DeliveryStatus,
		providerStatus: string,
		error: string | null,
		replayKey?: string,
	): Promise<{ replay: boolean; record: DeliveryRecord | undefined }> {
		const replay = { replay: true, record: undefined };
		let report: () => Promise<DeliveryRecord | undefined>;
		if (this.db.dialect === 'postgres') {
			// One statement: when it fails, it took no receipt.
			const moved = await this.moveForwardWithEntry(
				providerMessageId,
				status,
				providerStatus,
				error,
				replayKey,
			);
			if (!moved.receiptTaken) return replay;
			if (moved.record) return { replay: false, record: moved.record };
			report = () => this.reportUnrecorded(providerMessageId, status, providerStatus, error);
		} else {
			if (replayKey && !(await new WebhookReceipts(this.db).first(replayKey))) return replay;
			report = () => this.report(providerMessageId, status, providerStatus, error);
		}
		try {
			const record = await report();
			await new Conversations(this.db).followDelivery(providerMessageId, providerStatus);
			return { replay: false, record };
		} catch (failure) {
			if (replayKey) await new WebhookReceipts(this.db).forget(replayKey).catch(() => undefined);
			throw failure;
		}
	}

	private async reportUnrecorded(
		providerMessageId: string,
		status: DeliveryStatus,
		providerStatus: string,
		error: string | null,
	): Promise<DeliveryRecord | undefined> {
		// An action logs its text to the conversation only after recording the id, so a text found
		// there has its record by now (looked for once more, as it may have come in since), or never
		// gets one: a text sent from the Inbox (a Manual Action SMS completed by a person) has none.
		// Either way the report has nothing to wait for.
		if (await this.inConversation(providerMessageId))
			return this.moveForward(providerMessageId, status, providerStatus, error);
		const late =
			this.db.dialect === 'postgres'
				? await this.db.transaction((tx) =>
						new Deliveries(tx).keepUntilRecorded(providerMessageId, status, providerStatus, error),
					)
				: await this.keepUntilRecorded(providerMessageId, status, providerStatus, error);
		// A report for a message no action of this workspace sent never finds its record.
		await this.db.run('DELETE FROM early_delivery_reports WHERE received_at < ?', [
			new Date(Date.now() - EARLY_REPORT_KEPT_MS).toISOString(),
		]);
		return late;
	}

	/**
	 * Keeps a report for `finish` to apply, unless the id was recorded meanwhile. One of the two
	 * must see the other: `finish` records the id and looks for reports in one statement, this
	 * keeps the report and then looks for the id. SQLite runs one writing statement at a time, so
	 * that holds as written. On PostgreSQL a statement sees only what was committed when it began,
	 * so `finish` could begin before the report is kept and end after this looked; the table lock
	 * closes that gap: it waits for the sends being recorded at this moment, and makes the ones
	 * that begin meanwhile wait for this transaction, after which their look sees the report.
	 * Taken only by a report that came before its id was recorded, and self-exclusive, so two such
	 * reports take turns rather than deadlock.
	 */
	private async keepUntilRecorded(
		providerMessageId: string,
		status: DeliveryStatus,
		providerStatus: string,
		error: string | null,
	): Promise<DeliveryRecord | undefined> {
		if (this.db.dialect === 'postgres')
			await this.db.run('LOCK TABLE delivery_records IN SHARE ROW EXCLUSIVE MODE');
		await this.db.run(
			`INSERT INTO early_delivery_reports (provider_message_id, provider_status, status, error, received_at)
			 VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider_message_id, provider_status) DO NOTHING`,
			[providerMessageId, providerStatus, status, error, now()],
		);
		const late = await this.moveForward(providerMessageId, status, providerStatus, error);
		if (late)
			await this.db.run(
				'DELETE FROM early_delivery_reports WHERE provider_message_id = ? AND provider_status = ?',
				[providerMessageId, providerStatus],
			);
		return late;
	}

	private async inConversation(providerMessageId: string): Promise<boolean> {
		const row = await this.db.get(
			'SELECT 1 AS found FROM conversation_messages WHERE provider_message_id = ? LIMIT 1',
			[providerMessageId],
		);
		return Boolean(row);
	}

	/** Applies the reports that arrived before the message id was recorded. */
	private async applyEarlyReports(providerMessageId: string): Promise<void> {
		const early = await this.db.all<{
			status: DeliveryStatus;
			provider_status: string;
			error: string | null;
		}>(
			'SELECT status, provider_status, error FROM early_delivery_reports WHERE provider_message_id = ?',
			[providerMessageId],
		);
		if (!early.length) return;
		for (const r of early)
			await this.moveForward(providerMessageId, r.status, r.provider_status, r.error);
		// An entry logged with the close (PostgreSQL) started where the record was before these.
		await new Conversations(this.db).followDelivery(providerMessageId, early[0].provider_status);
		await this.db.run('DELETE FROM early_delivery_reports WHERE provider_message_id = ?', [
			providerMessageId,
		]);
	}

	private async moveForward(
		providerMessageId: string,
		status: DeliveryStatus,
		providerStatus: string,
		error: string | null,
	): Promise<DeliveryRecord | undefined> {
		const { sql, params } = moveForwardUpdate(providerMessageId, status, providerStatus, error);
		const row = await this.db.get(sql, params);
		return row && toRecord(row);
	}

	/**
	 * PostgreSQL only: `moveForward` with the text's conversation entry, and the callback's receipt
	 * when there is a key. The entry takes the record's status as this statement left it: a report
	 * of the same text at the same moment waits for the record's row, then moves the entry after.
	 * A receipt already held (ON CONFLICT waits for one not yet committed) moves nothing.
	 */
	private async moveForwardWithEntry(
		providerMessageId: string,
		status: DeliveryStatus,
		providerStatus: string,
		error: string | null,
		replayKey: string | undefined,
	): Promise<{ receiptTaken: boolean; record: DeliveryRecord | undefined }> {
		const receipt = replayKey ? `${TAKE_RECEIPT} RETURNING replay_key` : 'SELECT 1 AS replay_key';
		const update = moveForwardUpdate(
			providerMessageId,
			status,
			providerStatus,
			error,
			' AND EXISTS (SELECT 1 FROM receipt)',
		);
		const row = await this.db.get(
			`WITH receipt AS (${receipt}), moved AS (${update.sql}), entry AS (
			   UPDATE conversation_messages SET status = COALESCE(moved.provider_status, ?)
			   FROM moved WHERE conversation_messages.provider_message_id = ?)
			 SELECT (SELECT COUNT(*) FROM receipt) AS receipt_taken, moved.*
			 FROM (SELECT 1) AS always LEFT JOIN moved ON TRUE`,
			[
				...(replayKey ? [replayKey, now()] : []),
				...update.params,
				providerStatus,
				providerMessageId,
			],
		);
		const { receipt_taken: taken, ...moved } = row ?? {};
		return {
			receiptTaken: Number(taken) > 0,
			record: moved.id === null || moved.id === undefined ? undefined : toRecord(moved),
		};
	}

	async markClicked(id: number): Promise<void> {
		await this.db.run(
			'UPDATE delivery_records SET clicked_at = COALESCE(clicked_at, ?) WHERE id = ?',
			[now(), id],
		);
	}

	async forAction(workflowId: string, nodeId: string): Promise<DeliveryRecord[]> {
		const rows = await this.db.all(
			'SELECT * FROM delivery_records WHERE workflow_id = ? AND node_id = ? ORDER BY id',
			[workflowId, nodeId],
		);
		return rows.map(toRecord);
	}

	/** Statistics of an action by the name users see on it; a renamed action starts a new count. */
	statisticsByActionName(workflowId: string, actionName: string): Promise<Record<string, number>> {
		return this.countFor('action_name', workflowId, actionName);
	}

	/**
	 * The action's statistics: live sends per status, plus `clicked` for those whose tracked link
	 * was opened; test sends are not counted.
	 */
	statistics(workflowId: string, nodeId: string): Promise<Record<string, number>> {
		return this.countFor('node_id', workflowId, nodeId);
	}

	/** Live sends of an action by name, counted per channel and status (review requests read these). */
	async countsByChannel(
		workflowId: string,
		actionName: string,
	): Promise<Array<{ channel: string; status: string; n: number }>> {
		const rows = await this.db.all<{ channel: string; status: string; n: unknown }>(
			`SELECT channel, status, COUNT(*) AS n FROM delivery_records WHERE workflow_id = ? AND action_name = ? AND is_test = 0 GROUP BY channel, status`,
			[workflowId, actionName],
		);
		return rows.map((r) => ({
			channel: String(r.channel),
			status: String(r.status),
			n: Number(r.n),
		}));
	}

	/** The newest live sends on the given channels, across actions (the Inbox's review requests). */
	async recentOnChannels(channels: string[], limit: number): Promise<DeliveryRecord[]> {
		const rows = await this.db.all(
			`SELECT * FROM delivery_records WHERE channel IN (${channels.map(() => '?').join(', ')}) AND is_test = 0 ORDER BY id DESC LIMIT ?`,
			[...channels, limit],
		);
		return rows.map(toRecord);
	}

	private async countFor(
		column: 'node_id' | 'action_name',
		workflowId: string,
		value: string,
	): Promise<Record<string, number>> {
		const where = `workflow_id = ? AND ${column} = ? AND is_test = 0`;
		const rows = await this.db.all<{ status: string; n: unknown }>(
			`SELECT status, COUNT(*) AS n FROM delivery_records WHERE ${where} GROUP BY status`,
			[workflowId, value],
		);
		const counts: Record<string, number> = Object.fromEntries(
			rows.map((r) => [r.status, Number(r.n)]),
		);
		const clicked = await this.db.get<{ n: unknown }>(
			`SELECT COUNT(*) AS n FROM delivery_records WHERE ${where} AND clicked_at IS NOT NULL`,
			[workflowId, value],
		);
		if (Number(clicked?.n ?? 0) > 0) counts.clicked = Number(clicked!.n);
		return counts;
	}
}
