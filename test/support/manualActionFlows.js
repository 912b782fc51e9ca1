// The Manual Action examples (the consultation follow-up SMS, the lead follow-up call), the Manual
// Actions node behind a webhook, and the coordinators the tasks are assigned to: what the Manual
// Action suites, end to end and in process, share.
const { exampleWorkflow, variant } = require('./stack');
const { webhookWorkflow } = require('./workflows');

const consultation = exampleWorkflow('consultation-follow-up-sms.json');
const followUpCall = exampleWorkflow('lead-follow-up-call.json');
const SMS = 'Consultation Follow-Up SMS';
const CALL = 'Lead Follow-Up Call';

/** The Manual Actions node doing `operation`, behind a webhook at `path` that answers with its output. */
const queueWorkflow = (id, path, operation, parameters) =>
	webhookWorkflow(id, path, {
		id: `queue-${operation}`,
		name: 'Queue',
		type: 'n8n-nodes-aesthetix.manualActions',
		typeVersion: 1,
		position: [240, 0],
		parameters: { operation, ...parameters },
		credentials: {
			aesthetixWorkspaceApi: { id: 'aeWorkspace00001', name: 'Glow Med Spa workspace' },
			aesthetixTwilioApi: { id: 'aeTwilioLocal001', name: 'Local Twilio' },
		},
	});

/** Completes the task `{ taskId }` as `{ by }`, with the posted message, outcome and notes. */
const queueComplete = () =>
	queueWorkflow('aeQueueComplete1', 'queue-complete', 'complete', {
		taskId: '={{ $json.body.taskId }}',
		completedBy: '={{ $json.body.by }}',
		message: '={{ $json.body.message ?? "" }}',
		outcome: '={{ $json.body.outcome ?? "connected" }}',
		notes: '={{ $json.body.notes ?? "" }}',
	});

/** The consultation example whose Message is `message`. */
const consultationSaying = (id, path, message) =>
	variant(consultation, {
		id,
		path,
		nodes: { [SMS]: { parameters: { ...consultation.nodes[1].parameters, message } } },
	});

/** Maya (a coordinator who owns contacts), Sam (sees his assigned contacts only), Ivy (sees all). */
async function addCoordinators(store) {
	const maya = await store.teamUsers.create({
		name: 'Maya Lopez',
		email: 'maya@glowmedspa.test',
		role: 'coordinator',
	});
	const sam = await store.teamUsers.create({
		name: 'Sam Reyes',
		email: 'sam@glowmedspa.test',
		contact_access: 'assigned',
	});
	const ivy = await store.teamUsers.create({
		name: 'Ivy Chen',
		email: 'ivy@glowmedspa.test',
		contact_access: 'all',
	});
	return { maya: maya.id, sam: sam.id, ivy: ivy.id };
}

module.exports = {
	consultation,
	followUpCall,
	SMS,
	CALL,
	queueWorkflow,
	queueComplete,
	consultationSaying,
	addCoordinators,
};
