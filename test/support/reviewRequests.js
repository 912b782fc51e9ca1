// The review request example and what surrounds it in the Send Review Request suites, end to end and
// in process: the Reputation settings set through the Workspace node, its statistics read back, the
// SMS variant, and the two team users whose names and numbers the requests go out under.
const { exampleWorkflow, variant, CREDENTIAL_IDS } = require('./stack');
const { webhookWorkflow } = require('./workflows');

const WORKSPACE = { id: CREDENTIAL_IDS.workspace, name: 'Glow Med Spa workspace' };
const example = exampleWorkflow('review-request.json');
const ACTION = 'Send Review Request';
const REVIEW_LINK = 'https://g.page/r/glow-med-spa/review';

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

const workspaceStep = (id, path, parameters) =>
	webhookWorkflow(id, path, {
		name: 'Workspace',
		type: 'n8n-nodes-aesthetix.workspace',
		parameters,
		credentials: { aesthetixWorkspaceApi: WORKSPACE },
	});

/** The example asking by text, from the contact's assigned user's number. */
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

/** Sets the Reputation settings (`set-reputation`) and reads an action's statistics (`review-statistics`). */
const reputationWorkflows = [
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

/** Maya, with her own number, and Sam, without one; returns their ids. */
async function addTeam(store) {
	const maya = await store.teamUsers.create({
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		phone: '+15550001001',
		role: 'lead esthetician',
	});
	const sam = await store.teamUsers.create({
		name: 'Sam Reyes',
		email: 'sam@glowmedspa.test',
		role: 'coordinator',
	});
	return { maya: maya.id, sam: sam.id };
}

module.exports = {
	WORKSPACE,
	example,
	ACTION,
	REVIEW_LINK,
	SETTINGS,
	smsVariant,
	reputationWorkflows,
	addTeam,
};
