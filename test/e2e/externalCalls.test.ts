/**
 * The Inbound Webhook Trigger and Log External Call in a real n8n host: the spec's external-call
 * setup (workflows/external-calls.json) in both directions, forged, oversized and non-JSON deliveries
 * refused before anything starts (an oversized one before its body is read), a retried delivery
 * logged once, the trigger's own delivery record on every item, and a header-secret variant that
 * takes forms.
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow, variant } = require('../support/stack');
const { eventually } = require('../support/workflows');

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;

const SECRET = 'dialer-shared-secret-2026';
const example = exampleWorkflow('external-calls.json');
const headerSecret = variant(example, {
	id: 'aeExternalCalls2',
	nodes: {
		'Inbound Webhook Trigger': {
			webhookId: '9c2e4d73-5b8a-4f0e-a1c2-4d5e6f7a8b02',
			parameters: {
				path: 'dialer-events',
				authentication: 'headerSecret',
				headerName: 'X-Dialer-Secret',
				eventIdField: 'event.id',
				maxBodyKb: 64,
			},
		},
	},
});
const workflows = [example, headerSecret];

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

async function post(path: string, body: string, headers: Record<string, string>) {
	const res = await fetch(stack.host.webhookUrl(path), { method: 'POST', headers, body });
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Posts a call as the dialer does: JSON signed with HMAC-SHA256 of the raw body. */
function postCall(call: Record<string, unknown>, { signature }: { signature?: string } = {}) {
	const body = JSON.stringify(call);
	return post('external-calls', body, {
		'content-type': 'application/json',
		'x-signature-256': signature ?? sign(body),
	});
}

const executions = async (workflowId: string) =>
	(await stack.host.api(`/executions?workflowId=${workflowId}&limit=100`)).data.length;

async function conversationOf(phone: string) {
	const contact = await store.contacts.findByEmailOrPhone(null, phone);
	return contact ? store.conversations.forContact(contact.id) : [];
}

beforeAll(async () => {
	stack = await startStack({
		name: 'external-calls',
		port: 5771,
		workflows,
		extraCredentials: () => [
			{
				id: 'aeDialerSecret01',
				name: 'Front desk dialer',
				type: 'aesthetixInboundWebhookApi',
				data: { secret: SECRET },
			},
		],
	});
	store = await stack.openWorkspace();
	// Publishing answers before n8n has registered every webhook.
	await eventually(async () => expect((await postCall({}, { signature: 'x' })).status).toBe(401));
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
});

describe("the spec's external-call setup", () => {
	it('logs an inbound call with its recording on the caller, creating the contact', async () => {
		const before = await stack.host.lastExecutionId('aeExternalCalls1');
		const call = {
			call_id: 'call-1001',
			direction: 'inbound',
			from: '+15553330001',
			to: '+15550001111',
			date: '2026-11-20T14:05:00Z',
			status: 'completed',
			duration: 184,
			recording_url: 'https://recordings.dialer.test/call-1001.mp3',
			notes: 'Asked about HydraFacial pricing',
		};
		const res = await postCall(call);
		expect(res.status).toBe(202);
		expect(res.json).toMatchObject({ accepted: true, event_id: 'call-1001' });
		const execution = await stack.host.lastExecution('aeExternalCalls1', { after: before });
		expect(execution.status).toBe('success');
		const runData = execution.data.resultData.runData;
		// The trigger's output is the posted body, flat, as sent.
		expect(runData['Inbound Webhook Trigger'][0].data.main[0][0].json).toMatchObject(call);
		expect(runData['Find or Create Caller']).toBeDefined();
		expect(runData['Find or Create Called Contact']).toBeUndefined();
		expect(runData['Log External Call'][0].data.main[0][0].json.external_call).toMatchObject({
			status: 'logged',
			direction: 'inbound',
			from: '+15553330001',
			to: '+15550001111',
			call_status: 'completed',
			recording_url: 'https://recordings.dialer.test/call-1001.mp3',
			duration_seconds: 184,
			date: '2026-11-20T14:05:00.000Z',
		});
		const log = await conversationOf('+15553330001');
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({
			channel: 'external_call',
			direction: 'inbound',
			status: 'completed',
			body: 'Asked about HydraFacial pricing',
			action_name: 'Log External Call',
			created_at: '2026-11-20T14:05:00.000Z',
			meta: {
				recording_url: 'https://recordings.dialer.test/call-1001.mp3',
				duration_seconds: 184,
			},
		});
		expect(await store.contacts.findByEmailOrPhone(null, '+15550001111')).toBeUndefined();
	});

	it('logs an outbound call on the contact called, found by To', async () => {
		const contact = await store.contacts.findOrCreate({
			phone: '+15553330002',
			first_name: 'Rosa',
		});
		const before = await stack.host.lastExecutionId('aeExternalCalls1');
		const res = await postCall({
			call_id: 'call-1002',
			direction: 'outbound',
			from: '+15550001111',
			to: '+15553330002',
			date: '1795190400',
			status: 'no-answer',
		});
		expect(res.status).toBe(202);
		const execution = await stack.host.lastExecution('aeExternalCalls1', { after: before });
		expect(execution.status).toBe('success');
		expect(execution.data.resultData.runData['Find or Create Called Contact']).toBeDefined();
		const log = await store.conversations.forContact(contact.id);
		expect(
			log.map((m) => [
				m.channel,
				m.direction,
				m.status,
				m.from_address,
				m.to_address,
				m.meta.recording_url,
			]),
		).toEqual([['external_call', 'outbound', 'no_answer', '+15550001111', '+15553330002', null]]);
		expect(log[0].created_at).toBe(new Date(1795190400 * 1000).toISOString());
	});

	it('logs a retried delivery once', async () => {
		const call = {
			call_id: 'call-1003',
			direction: 'inbound',
			from: '+15553330003',
			to: '+15550001111',
			status: 'completed',
		};
		const before = await executions('aeExternalCalls1');
		const first = await postCall(call);
		const retried = await postCall(call);
		expect(first.status).toBe(202);
		expect(retried.status).toBe(200);
		expect(retried.json).toMatchObject({
			accepted: true,
			duplicate: true,
			delivery_id: first.json.delivery_id,
		});
		await eventually(async () => expect(await conversationOf('+15553330003')).toHaveLength(1));
		await new Promise((r) => setTimeout(r, 1500));
		expect(await conversationOf('+15553330003')).toHaveLength(1);
		expect(await executions('aeExternalCalls1')).toBe(before + 1);
		const [recorded] = (
			await store.inboundDeliveries.list(`aeExternalCalls1:${example.nodes[0].id}`)
		).filter((d) => d.event_id === 'call-1003');
		expect(recorded).toMatchObject({ duplicates: 1, body: call });
	});

	it('refuses a forged delivery with 401 and starts nothing', async () => {
		const before = await executions('aeExternalCalls1');
		const body = JSON.stringify({
			call_id: 'call-forged',
			direction: 'inbound',
			from: '+15553330004',
			to: '+15550001111',
			status: 'completed',
		});
		const forged = await post('external-calls', body, {
			'content-type': 'application/json',
			'x-signature-256': sign(body.replace('completed', 'completed ')),
		});
		expect(forged).toEqual({
			status: 401,
			json: {
				accepted: false,
				error:
					'Not authenticated: send an HMAC-SHA256 signature of the body in the X-Signature-256 header.',
			},
		});
		const unsigned = await post('external-calls', body, { 'content-type': 'application/json' });
		expect(unsigned.status).toBe(401);
		await new Promise((r) => setTimeout(r, 1500));
		expect(await executions('aeExternalCalls1')).toBe(before);
		expect(await store.contacts.findByEmailOrPhone(null, '+15553330004')).toBeUndefined();
	});

	it('refuses an oversized delivery with 413 and a body that is not JSON or a form with 415', async () => {
		const before = await executions('aeExternalCalls1');
		const big = JSON.stringify({
			call_id: 'call-big',
			direction: 'inbound',
			from: '+15553330005',
			to: '+15550001111',
			status: 'completed',
			notes: 'x'.repeat(70 * 1024),
		});
		const oversized = await postCall(JSON.parse(big));
		expect(oversized.status).toBe(413);
		expect(oversized.json.error).toMatch(
			/^The body is \d+ bytes; this webhook accepts at most 65536 bytes\.$/,
		);
		const text = 'call-1006 inbound +15553330006';
		const plain = await post('external-calls', text, {
			'content-type': 'text/plain',
			'x-signature-256': sign(text),
		});
		expect(plain).toEqual({
			status: 415,
			json: {
				accepted: false,
				error:
					'Content-Type "text/plain" is not accepted; send application/json or application/x-www-form-urlencoded.',
			},
		});
		const noId = JSON.stringify({
			direction: 'inbound',
			from: '+15553330007',
			to: '+15550001111',
			status: 'completed',
		});
		const missing = await post('external-calls', noId, {
			'content-type': 'application/json',
			'x-signature-256': sign(noId),
		});
		expect(missing.status).toBe(400);
		expect(missing.json.error).toBe(
			'The body has no "call_id": this webhook needs it to recognise retried deliveries.',
		);
		await new Promise((r) => setTimeout(r, 1500));
		expect(await executions('aeExternalCalls1')).toBe(before);
	});

	it("outputs the trigger's own _delivery record, whatever the body says", async () => {
		const before = await stack.host.lastExecutionId('aeExternalCalls1');
		const forged = { id: 1, event_id: 'call-0001', received_at: '2020-01-01T00:00:00.000Z' };
		const res = await postCall({
			call_id: 'call-1009',
			direction: 'inbound',
			from: '+15553330010',
			to: '+15550001111',
			status: 'completed',
			_delivery: forged,
		});
		expect(res.status).toBe(202);
		const execution = await stack.host.lastExecution('aeExternalCalls1', { after: before });
		const item =
			execution.data.resultData.runData['Inbound Webhook Trigger'][0].data.main[0][0].json;
		expect(item._delivery).toEqual({
			id: res.json.delivery_id,
			event_id: 'call-1009',
			received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(Date.parse(item._delivery.received_at)).toBeGreaterThan(Date.parse('2026-01-01'));
	});

	it('refuses a body whose declared length is over the limit before reading any of it', async () => {
		const before = await executions('aeExternalCalls1');
		const declared = 8 * 1024 * 1024;
		// Only the first kilobyte is ever sent: an answer can only come from the declared length.
		const answer = await new Promise<{ status: number; json: { error: string } }>(
			(resolve, reject) => {
				const req = request(stack.host.webhookUrl('external-calls'), {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'content-length': String(declared),
						'x-signature-256': sign('{}'),
					},
				});
				req.setTimeout(20_000, () => {
					req.destroy();
					reject(
						new Error('no answer while the body was still being sent: it was being read in full'),
					);
				});
				req.on('error', reject);
				req.on('response', (res) => {
					let text = '';
					res.on('data', (chunk) => (text += chunk));
					res.on('end', () => {
						req.destroy();
						resolve({ status: res.statusCode!, json: JSON.parse(text) });
					});
				});
				req.write(Buffer.alloc(1024, ' '));
			},
		);
		expect(answer).toEqual({
			status: 413,
			json: {
				accepted: false,
				error: 'The body is 8388608 bytes; this webhook accepts at most 65536 bytes.',
			},
		});
		await new Promise((r) => setTimeout(r, 1500));
		expect(await executions('aeExternalCalls1')).toBe(before);
	});

	it('cuts off a body sent without a length once it passes the limit', async () => {
		const body = JSON.stringify({ call_id: 'call-chunked', notes: 'x'.repeat(70 * 1024) });
		const answer = await new Promise<{ status: number; json: { error: string } }>(
			(resolve, reject) => {
				const req = request(stack.host.webhookUrl('external-calls'), {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-signature-256': sign(body) },
				});
				req.on('error', reject);
				req.on('response', (res) => {
					let text = '';
					res.on('data', (chunk) => (text += chunk));
					res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
				});
				// Chunked: no Content-Length, as a streaming sender posts.
				for (let at = 0; at < body.length; at += 8192) req.write(body.slice(at, at + 8192));
				req.end();
			},
		);
		expect(answer).toEqual({
			status: 413,
			json: {
				accepted: false,
				error: 'The body is over 65536 bytes; this webhook accepts at most 65536 bytes.',
			},
		});
	});

	it('fails the item with the field named when the dialer posts a bad number', async () => {
		const before = await stack.host.lastExecutionId('aeExternalCalls1');
		expect(
			(
				await postCall({
					call_id: 'call-1008',
					direction: 'outbound',
					from: '+15550001111',
					to: '555-0100',
					status: 'completed',
				})
			).status,
		).toBe(202);
		const execution = await stack.host.lastExecution('aeExternalCalls1', { after: before });
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error.message).toBe(
			'To "555-0100" needs a + and the country code, such as +15551234567',
		);
	});
});

describe('a shared secret in a header', () => {
	it('takes a form-encoded delivery with the right secret and refuses a wrong one', async () => {
		const form = new URLSearchParams({
			'event.id': 'evt-1',
			direction: 'inbound',
			from: '+15553330009',
			to: '+15550001111',
			status: 'busy',
		}).toString();
		const wrong = await post('dialer-events', form, {
			'content-type': 'application/x-www-form-urlencoded',
			'x-dialer-secret': 'not-the-secret',
		});
		expect(wrong.status).toBe(401);
		const before = await stack.host.lastExecutionId('aeExternalCalls2');
		const right = await post('dialer-events', form, {
			'content-type': 'application/x-www-form-urlencoded',
			'x-dialer-secret': SECRET,
		});
		expect(right.status).toBe(202);
		const execution = await stack.host.lastExecution('aeExternalCalls2', { after: before });
		expect(execution.status).toBe('success');
		expect(
			execution.data.resultData.runData['Inbound Webhook Trigger'][0].data.main[0][0].json,
		).toMatchObject({ direction: 'inbound', from: '+15553330009', status: 'busy' });
		const log = await conversationOf('+15553330009');
		expect(log.map((m) => [m.channel, m.status])).toEqual([['external_call', 'busy']]);
	});
});
