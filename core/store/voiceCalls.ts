import type { Row, SqlDatabase, SqlValue } from './database';
import { bool, json, now, num, numOrNull } from './rows';

/**
 * One item of a Call action while its execution waits: `calling_user` until the user's key press
 * (or its absence) decides, `calling_contact` while the contact's leg runs, then `completed` with the
 * outcome. Items that placed no call (skipped, failed with Continue On Fail) are stored `completed`
 * straight away so the resumed node can output them in order.
 */
export type VoiceCallStatus = 'calling_user' | 'calling_contact' | 'finishing' | 'completed';

export interface VoiceCall {
	id: number;
	workflow_id: string;
	node_id: string;
	action_name: string;
	execution_id: string;
	item_index: number;
	/** How many items the node run had: the execution resumes once that many rows are completed. */
	item_count: number;
	/** A Call (user first, then the contact) or a Voicemail drop (the contact's leg only). */
	kind: 'call' | 'voicemail';
	audio_id: number | null;
	/** Voicemail: what a person answering hears, `hang_up` (politely) or `play`. */
	on_human: 'hang_up' | 'play' | null;
	delivery_id: number | null;
	contact_id: number | null;
	contact_number: string | null;
	user_number: string | null;
	user_id: number | null;
	routed_to: 'assigned_user' | 'company_phone' | null;
	caller: string | null;
	whisper: string | null;
	/** The custom values that rendered blank in the whisper. */
	blank_merge_fields: string[];
	call_timeout: number | null;
	detect_voicemail: boolean;
	keypress: boolean;
	stop_on_response: boolean;
	resume_url: string;
	status: VoiceCallStatus;
	user_call_sid: string | null;
	user_status: string | null;
	user_duration: number | null;
	keypressed: boolean;
	contact_call_sid: string | null;
	contact_status: string | null;
	contact_duration: number | null;
	contact_answered_by: string | null;
	contact_bridged: boolean;
	/** A retry placed it again after n8n stopped in the middle of placing it (Interrupted Sends on Retry). */
	placed_again: boolean;
	error: string | null;
	item: Record<string, unknown>;
	result: Record<string, unknown>;
	created_at: string;
	updated_at: string;
}

export type VoiceCallInput = Pick<
	VoiceCall,
	| 'workflow_id'
	| 'node_id'
	| 'action_name'
	| 'execution_id'
	| 'item_index'
	| 'item_count'
	| 'resume_url'
	| 'status'
> &
	Partial<Omit<VoiceCall, 'id' | 'created_at' | 'updated_at'>>;

const BOOLEANS = [
	'detect_voicemail',
	'keypress',
	'stop_on_response',
	'keypressed',
	'contact_bridged',
	'placed_again',
] as const;
const JSONS = ['item', 'result'] as const;

function toCall(row: Row): VoiceCall {
	const call = {
		...(row as unknown as VoiceCall),
		id: num(row.id),
		item_index: num(row.item_index),
		item_count: num(row.item_count),
	};
	for (const key of [
		'audio_id',
		'delivery_id',
		'contact_id',
		'user_id',
		'call_timeout',
		'user_duration',
		'contact_duration',
	] as const) {
		call[key] = numOrNull(row[key]);
	}
	for (const key of BOOLEANS) call[key] = bool(row[key]);
	for (const key of JSONS) call[key] = json(row[key], {});
	call.blank_merge_fields = json<string[]>(row.blank_merge_fields, []);
	return call;
}

function column(key: string, value: unknown): SqlValue {
	if ((BOOLEANS as readonly string[]).includes(key)) return value ? 1 : 0;
	if ((JSONS as readonly string[]).includes(key)) return JSON.stringify(value ?? {});
	if (key === 'blank_merge_fields') return JSON.stringify(value ?? []);
	return (value ?? null) as SqlValue;
}

export class VoiceCalls {
	constructor(private readonly db: SqlDatabase) {}

	/** One row per item of a node run; a retried node finds the row its first attempt made. */
	async create(input: VoiceCallInput): Promise<{ call: VoiceCall; existed: boolean }> {
		const at = now();
		const entries = Object.entries(input);
		const row = await this.db.get(
			`INSERT INTO voice_calls (${entries.map(([k]) => k).join(', ')}, created_at, updated_at)
			 VALUES (${entries.map(() => '?').join(', ')}, ?, ?) ON CONFLICT (execution_id, node_id, item_index) DO NOTHING RETURNING *`,
			[...entries.map(([k, v]) => column(k, v)), at, at],
		);
		if (row) return { call: toCall(row), existed: false };
		const existing = await this.db.get(
			'SELECT * FROM voice_calls WHERE execution_id = ? AND node_id = ? AND item_index = ?',
			[input.execution_id, input.node_id, input.item_index],
		);
		return { call: toCall(existing!), existed: true };
	}

	async get(id: number): Promise<VoiceCall | undefined> {
		const row = await this.db.get('SELECT * FROM voice_calls WHERE id = ?', [id]);
		return row && toCall(row);
	}

	async update(
		id: number,
		patch: Partial<Omit<VoiceCall, 'id' | 'created_at'>>,
	): Promise<VoiceCall> {
		const entries = Object.entries(patch);
		await this.db.run(
			`UPDATE voice_calls SET ${entries.map(([k]) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
			[...entries.map(([k, v]) => column(k, v)), now(), id],
		);
		return (await this.get(id))!;
	}

	/** Moves a call from one status to the next only if no one else did first (Twilio retries, parallel callbacks). */
	async advance(
		id: number,
		from: VoiceCallStatus[],
		to: VoiceCallStatus,
		patch: Partial<Omit<VoiceCall, 'id' | 'status'>> = {},
	): Promise<boolean> {
		const entries = Object.entries(patch);
		const result = await this.db.run(
			`UPDATE voice_calls SET status = ?, ${entries.map(([k]) => `${k} = ?, `).join('')}updated_at = ? WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
			[to, ...entries.map(([k, v]) => column(k, v)), now(), id, ...from],
		);
		return result.changes === 1;
	}

	/** Every item of a waiting Call node, in item order. */
	async forWaitingNode(executionId: string, nodeId: string): Promise<VoiceCall[]> {
		const rows = await this.db.all(
			'SELECT * FROM voice_calls WHERE execution_id = ? AND node_id = ? ORDER BY item_index',
			[executionId, nodeId],
		);
		return rows.map(toCall);
	}
}
