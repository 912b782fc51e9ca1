/**
 * Send Review Request by SMS in a real n8n host: texts from the assigned user's number that become
 * Delivered or Failed when Twilio's status callbacks reach the workspace endpoint. The spec's email
 * example, retries and every reason a request is not sent run in process:
 * test/inprocess/reviewRequest.test.ts.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow } = require('../support/stack');
const { eventually } = require('../support/workflows');
const review = require('../support/reviewRequests');

const { ACTION, REVIEW_LINK } = review;

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;

async function statistics(workflowId: string) {
	const res = await stack.trigger('review-statistics', { workflow_id: workflowId });
	return res.json;
}

/** Triggers a review workflow and returns the action's output item. */
async function request(path: string, workflowId: string, contact: Record<string, unknown>) {
	const before = await stack.host.lastExecutionId(workflowId);
	await stack.trigger(path, {
		contact,
		appointment: { service: 'HydraFacial', status: 'Completed' },
	});
	const execution = await stack.host.lastExecution(workflowId, { after: before });
	return {
		output: execution.data.resultData.runData[ACTION][0].data.main[0][0].json.review_request,
	};
}

beforeAll(async () => {
	stack = await startStack({
		name: 'review-request',
		port: 5781,
		workflows: [
			exampleWorkflow('workspace-endpoint.json'),
			review.smsVariant,
			...review.reputationWorkflows,
		],
	});
	store = await stack.openWorkspace();
	await review.addTeam(store);
	expect((await stack.trigger('set-reputation', review.SETTINGS)).status).toBe(200);
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
});

describe('by SMS', () => {
	it("texts from the assigned user's number and becomes Delivered when Twilio confirms it", async () => {
		const { output } = await request('review-by-sms', 'aeReviewRequest2', {
			first_name: 'Ana',
			phone: '+15554440001',
			assigned_user: 'maya@glowmedspa.test',
		});
		expect(output).toMatchObject({
			status: 'Queued',
			review_type: 'sms',
			sent_as: 'assigned_user',
			from: '+15550001001',
			statistics_tracked: true,
		});
		const text = await eventually(() => {
			const found = stack.twilio.messages.find((m: { to: string }) => m.to === '+15554440001');
			expect(found).toBeDefined();
			return found;
		});
		expect(text.from).toBe('+15550001001');
		expect(text.body).toBe(
			`Hi Ana, Maya here from Glow Med Spa. Mind leaving a review? ${REVIEW_LINK}`,
		);
		await eventually(async () => {
			const [stats] = await statistics('aeReviewRequest2');
			expect(stats.review_requests).toEqual({ queued: 0, sent: 0, delivered: 1, failed: 0 });
		});
		const contact = await store.contacts.findByEmailOrPhone(null, '+15554440001');
		const [entry] = await store.conversations.forContact(contact!.id);
		expect(entry).toMatchObject({
			channel: 'review_request',
			status: 'delivered',
			from_address: '+15550001001',
		});
	});

	it('counts a text Twilio could not deliver as Failed, and texts an unassigned contact from the workspace number', async () => {
		stack.twilio.deliverTo('+15554440002', 'undelivered', 30003);
		const { output } = await request('review-by-sms', 'aeReviewRequest2', {
			first_name: 'Bo',
			phone: '+15554440002',
		});
		expect(output).toMatchObject({ status: 'Queued', sent_as: 'workspace', from: '+15550009999' });
		await eventually(async () => {
			const [stats] = await statistics('aeReviewRequest2');
			expect(stats.review_requests).toEqual({ queued: 0, sent: 0, delivered: 1, failed: 1 });
		});
	});
});
