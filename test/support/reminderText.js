// The shipped appointment reminder cut down to its first Send SMS step behind a webhook that answers
// with that step's output: how the Send SMS suites, end to end and in process, drive one text.
const { exampleWorkflow, variant } = require('./stack');

const reminders = exampleWorkflow('appointment-reminders.json');
const FIRST = '24-Hour Reminder SMS';
const firstText = reminders.nodes.find((n) => n.name === FIRST);

/** The reminder's first text alone behind its webhook at `path`, with `change` applied to the step. */
function singleText(id, path, change = {}) {
	const workflow = variant(reminders, {
		id,
		path,
		nodes: {
			'Appointment Booked': {
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			[FIRST]: change,
		},
	});
	workflow.nodes = workflow.nodes.filter((n) => ['Appointment Booked', FIRST].includes(n.name));
	workflow.connections = {
		'Appointment Booked': { main: [[{ node: FIRST, type: 'main', index: 0 }]] },
	};
	return workflow;
}

/** The Appointment Booked body for a contact with this phone. */
const booked = (phone) => ({
	contact: { first_name: 'Jane', phone, email: `${phone.replace(/\D/g, '')}@example.com` },
	appointment: { start_time: '2026-12-01T15:00:00Z' },
});

module.exports = { reminders, FIRST, firstText, singleText, booked };
