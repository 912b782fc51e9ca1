/**
 * Send Review Request in a real n8n host: the spec's example (an email on behalf of the client's
 * provider when an appointment is completed) with wording from the Reputation settings set through
 * the Workspace node, SMS from the assigned user's number with Delivered and Failed from Twilio's
 * status callbacks, the workspace sender for unassigned contacts, the SMTP-user warning, and every
 * reason a request is not sent.
 */
import type { WorkspaceStore } from '../../core/store/workspaceStore';

const { startStack, exampleWorkflow, variant, CREDENTIAL_IDS } = require('../support/stack');
const { webhookWorkflow, eventually } = require('../support/workflows');
const { SmtpDouble } = require('../support/smtpDouble');
import { optOutByOwner } from '../support/optOut';

jest.setTimeout(300_000);

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let store: WorkspaceStore;
let authedSmtp: InstanceType<typeof SmtpDouble>;
const ids: Record<string, number> = {};

const WORKSPACE = { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' };
const example = exampleWorkflow('review-request.json');
const ACTION = 'Send Review Request';
const REVIEW_LINK = 'https://g.page/r/glow-med-spa/review';

const workspaceStep = (id: string, path: string, parameters: Record<string, unknown>) =>
	webhookWorkflow(id, path, {
		name: 'Workspace',
		type: 'n8n-nodes-aesthetix.workspace',
		parameters,
		credentials: { aesthetixWorkspaceApi: WORKSPACE },
	});

const smsVariant = variant(example, {
	id: 'aeReviewRequest2',
	path: 'review-by-sms',
	nodes: {
		[ACTION]: {
			parameters: { contact: '={{ $json.body.contact }}', reviewType: 'sms' },
			credentials: {
				aesthetixTwilioApi: { id: CREDENTIAL_IDS.twilio, name: 'Local Twilio' },
				aesthetixWorkspaceApi: WORKSPACE,
			},
		},
	},
});
const smtpUserVariant = variant(example, {
	id: 'aeReviewRequest3',
	path: 'review-via-login',
	nodes: {
		[ACTION]: {
			credentials: {
				aesthetixSmtpApi: { id: 'aeSmtpWithLogin1', name: 'SMTP with a login' },
				aesthetixWorkspaceApi: WORKSPACE,
			},
		},
	},
});

/** Several contacts at once, split into items by n8n's Split Out, with Retry On Fail on the action. */
const retrying = variant(example, {
	id: 'aeReviewRequest4',
	path: 'review-batch',
	nodes: {
		'Appointment Completed': {
			parameters: {
				httpMethod: 'POST',
				path: 'review-batch',
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
		},
		[ACTION]: {
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 100,
			parameters: { contact: '={{ $json.contact }}', reviewType: 'email' },
		},
	},
});
retrying.nodes.push({
	id: 'aeReviewRequest4-split',
	name: 'One Item per Contact',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	position: [120, 0],
	parameters: {
		fieldToSplitOut: 'body.contacts',
		include: 'noOtherFields',
		options: { destinationFieldName: 'contact' },
	},
});
retrying.connections = {
	'Appointment Completed': { main: [[{ node: 'One Item per Contact', type: 'main', index: 0 }]] },
	'One Item per Contact': { main: [[{ node: ACTION, type: 'main', index: 0 }]] },
};

const workflows = [
	exampleWorkflow('workspace-endpoint.json'),
	example,
	smsVariant,
	smtpUserVariant,
	retrying,
	workspaceStep('aeSetReputation1', 'set-reputation', {
		resource: 'settings',
		operation: 'setReputation',
		reviewLink: '={{ $json.body.review_link }}',
		enabled: '={{ $json.body.enabled }}',
		emailSubject: '={{ $json.body.email_subject }}',
		emailBody: '={{ $json.body.email_body }}',
		smsBody: '={{ $json.body.sms_body }}',
		senderName: '',
		senderEmail: '={{ $json.body.sender_email }}',
	}),
	workspaceStep('aeReviewStats001', 'review-statistics', {
		resource: 'statistics',
		operation: 'get',
		workflowId: '={{ $json.body.workflow_id }}',
		actionName: ACTION,
	}),
];

const SETTINGS = {
	review_link: REVIEW_LINK,
	enabled: true,
	email_subject: 'How was your {{appointment.service}}, {{contact.first_name}}?',
	email_body:
		'Hi {{contact.first_name}},\nThank you for visiting {{company.name}}. Please review us: {{reputation.review_link}}\n{{user.name}}',
	sms_body:
		'Hi {{contact.first_name}}, {{user.first_name}} here from {{company.name}}. Mind leaving a review? {{reputation.review_link}}',
	sender_email: 'hello@glowmedspa.test',
};

async function setReputation(settings: Record<string, unknown>) {
	const res = await stack.trigger('set-reputation', settings);
	expect(res.status).toBe(200);
	return res.json;
}

async function statistics(workflowId: string) {
	const res = await stack.trigger('review-statistics', { workflow_id: workflowId });
	return res.json;
}

/** Triggers a review workflow and returns the action's output item (or the execution's error). */
async function request(path: string, workflowId: string, contact: Record<string, unknown>) {
	const before = await stack.host.lastExecutionId(workflowId);
	await stack.trigger(path, {
		contact,
		appointment: { service: 'HydraFacial', status: 'Completed' },
	});
	const execution = await stack.host.lastExecution(workflowId, { after: before });
	const error = execution.data.resultData.error;
	return error
		? { error: error.message as string }
		: { output: execution.data.resultData.runData[ACTION][0].data.main[0][0].json.review_request };
}

beforeAll(async () => {
	authedSmtp = await new SmtpDouble({
		user: 'relay@glowmedspa.test',
		password: 'relay-pass',
	}).start();
	stack = await startStack({
		name: 'review-request',
		port: 5781,
		workflows,
		extraCredentials: () => [
			{
				id: 'aeSmtpWithLogin1',
				name: 'SMTP with a login',
				type: 'aesthetixSmtpApi',
				data: {
					host: '127.0.0.1',
					port: authedSmtp.port,
					secure: false,
					starttls: 'never',
					user: 'relay@glowmedspa.test',
					password: 'relay-pass',
					poolSize: 1,
					rateLimit: 0,
				},
			},
		],
	});
	store = await stack.openWorkspace();
	ids.maya = (
		await store.teamUsers.create({
			name: 'Maya Lopez',
			email: 'maya@glowmedspa.test',
			phone: '+15550001001',
			role: 'lead esthetician',
		})
	).id;
	ids.sam = (
		await store.teamUsers.create({
			name: 'Sam Reyes',
			email: 'sam@glowmedspa.test',
			role: 'coordinator',
		})
	).id;
});

afterAll(async () => {
	await store?.close();
	await stack?.stop();
	await authedSmtp?.stop();
});

describe("the spec's example", () => {
	it('emails the review request on behalf of the provider, worded by the Reputation settings', async () => {
		const [saved] = await setReputation(SETTINGS);
		expect(saved).toMatchObject({
			review_link: REVIEW_LINK,
			enabled: true,
			email_subject: SETTINGS.email_subject,
			sender_email: 'hello@glowmedspa.test',
		});
		const { output } = await request('appointment-completed', 'aeReviewRequest1', {
			first_name: 'Jane',
			email: 'jane@example.com',
			assigned_user: 'maya@glowmedspa.test',
		});
		expect(output).toMatchObject({
			status: 'Sent',
			review_type: 'email',
			sent_as: 'assigned_user',
			from: 'Maya Lopez <maya@glowmedspa.test>',
			to: 'jane@example.com',
			review_link: REVIEW_LINK,
		});
		expect(output.sender_warning).toBeUndefined();
		const [email] = await stack.smtp.waitForMessages(1);
		expect(email.from).toEqual({ name: 'Maya Lopez', address: 'maya@glowmedspa.test' });
		expect(email.to).toEqual(['jane@example.com']);
		expect(email.subject).toBe('How was your HydraFacial, Jane?');
		expect(email.text).toContain(
			`Thank you for visiting Glow Med Spa. Please review us: ${REVIEW_LINK}`,
		);
		expect(email.text).toContain('Maya Lopez');
		// From version 1.1 a review request is marketing email: it carries the one-click unsubscribe.
		expect(output.email_type).toBe('marketing');
		expect(email.headers.get('list')).toEqual({
			unsubscribe: { url: output.unsubscribe_link },
			'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
		});
		const contact = await store.contacts.findByEmailOrPhone('jane@example.com', null);
		const log = await store.conversations.forContact(contact!.id);
		expect(log.map((m) => [m.channel, m.status, m.action_name, m.meta.review_type])).toEqual([
			['review_request', 'sent', ACTION, 'email'],
		]);
		const [stats] = await statistics('aeReviewRequest1');
		// Email never reports Delivered: once the server took it, the request is Sent.
		expect(stats).toMatchObject({
			action_name: ACTION,
			review_requests: { queued: 0, sent: 1, delivered: 0, failed: 0 },
		});
	});

	it('sends from the workspace sender for an unassigned contact', async () => {
		const { output } = await request('appointment-completed', 'aeReviewRequest1', {
			first_name: 'Omar',
			email: 'omar@example.com',
		});
		expect(output).toMatchObject({
			status: 'Sent',
			sent_as: 'workspace',
			from: 'Glow Med Spa <hello@glowmedspa.test>',
		});
		const email = await eventually(() => {
			const found = stack.smtp.messages.find((m: { to: string[] }) =>
				m.to.includes('omar@example.com'),
			);
			expect(found).toBeDefined();
			return found;
		});
		expect(email.from).toEqual({ name: 'Glow Med Spa', address: 'hello@glowmedspa.test' });
	});

	it('says so in the output when the SMTP credential signs in as someone other than the sender', async () => {
		const { output } = await request('review-via-login', 'aeReviewRequest3', {
			first_name: 'Lena',
			email: 'lena@example.com',
			assigned_user: 'sam@glowmedspa.test',
		});
		expect(output.status).toBe('Sent');
		expect(output.sender_warning).toBe(
			'The SMTP credential signs in as "relay@glowmedspa.test" but this request is sent from "sam@glowmedspa.test": with a custom SMTP integration the sender must be the user email matching it, or the server may rewrite or refuse the sender.',
		);
		const [email] = await authedSmtp.waitForMessages(1);
		expect(email.envelope.from).toBe('sam@glowmedspa.test');
	});
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

describe('retries', () => {
	it('does not send a request twice when n8n retries the node', async () => {
		stack.smtp.refuseRecipient('flaky@example.com', '4.2.1 Try again later', 1);
		const before = stack.smtp.messages.length;
		const { status, json } = await stack.trigger('review-batch', {
			contacts: [
				{ first_name: 'Ana', email: 'ana@example.com', assigned_user: 'maya@glowmedspa.test' },
				{ first_name: 'Flaky', email: 'flaky@example.com', assigned_user: 'maya@glowmedspa.test' },
			],
		});
		expect(status).toBe(200);
		await stack.smtp.waitForMessages(before + 2);
		await new Promise((r) => setTimeout(r, 500));
		const recipients = stack.smtp.messages
			.slice(before)
			.map((m: { envelope: { to: string[] } }) => m.envelope.to[0]);
		expect(recipients.sort()).toEqual(['ana@example.com', 'flaky@example.com']);
		expect(json[0].review_request).toMatchObject({ status: 'Sent', already_sent: true });
		expect(json[1].review_request).toMatchObject({ status: 'Sent', to: 'flaky@example.com' });
		const [stats] = await statistics('aeReviewRequest4');
		expect(stats.review_requests).toEqual({ queued: 0, sent: 2, delivered: 0, failed: 0 });
	});
});

describe('requests that are not sent', () => {
	it('skips a contact in Do Not Disturb or opted out of texts, naming why', async () => {
		const dnd = await store.contacts.findOrCreate({
			email: 'quiet@example.com',
			first_name: 'Quinn',
		});
		await optOutByOwner(store, dnd.id, 'dnd_email');
		expect(
			(await request('appointment-completed', 'aeReviewRequest1', { email: 'quiet@example.com' }))
				.output,
		).toMatchObject({
			status: 'skipped',
			reason: expect.stringMatching(
				/^The contact is in Do Not Disturb for email: by Ivy Chen in the Inbox \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
			),
		});
		const stopped = await store.contacts.findOrCreate({ phone: '+15554440003' });
		await store.consent.record({
			contactId: stopped.id,
			flag: 'sms_opted_out',
			optedOut: true,
			source: 'text_reply',
			detail: 'replied STOP',
		});
		expect(
			(await request('review-by-sms', 'aeReviewRequest2', { phone: '+15554440003' })).output,
		).toMatchObject({
			status: 'skipped',
			reason: 'The contact replied STOP and has opted out of texts',
		});
		expect(stack.twilio.messages.some((m: { to: string }) => m.to === '+15554440003')).toBe(false);
	});

	it('fails with the problem named: no email, no number, no review link, requests turned off', async () => {
		expect(
			await request('appointment-completed', 'aeReviewRequest1', {
				first_name: 'Nora',
				phone: '+15554440004',
			}),
		).toEqual({ error: 'The contact has no email address' });
		expect(
			await request('review-by-sms', 'aeReviewRequest2', {
				first_name: 'Nora',
				email: 'nora@example.com',
			}),
		).toEqual({ error: 'The contact has no phone number' });
		await setReputation({ ...SETTINGS, review_link: '' });
		expect(
			await request('appointment-completed', 'aeReviewRequest1', { email: 'jane@example.com' }),
		).toEqual({ error: 'The Reputation settings have no review link' });
		await setReputation({ ...SETTINGS, enabled: false });
		expect(
			await request('appointment-completed', 'aeReviewRequest1', { email: 'jane@example.com' }),
		).toEqual({ error: 'Review requests are turned off in the Reputation settings' });
		await setReputation(SETTINGS);
	});
});
