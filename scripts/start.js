// `npm start`: this package in a real local n8n, with the example workflows and the local provider
// doubles (or real providers when their settings are given in the environment). Ctrl-C stops all.
const fs = require('node:fs');
const path = require('node:path');
const {
	N8nHost,
	ensureN8nInstalled,
	packPackage,
	PROJECT_ROOT,
	N8N_VERSION,
	DEFAULT_N8N_VERSION,
} = require('../test/support/n8nHost');
const { SmtpDouble } = require('../test/support/smtpDouble');
const { TwilioDouble } = require('../test/support/twilioDouble');
const { zoneAtLocalHour } = require('../test/support/timeZones');
const { SlackDouble } = require('../test/support/slackDouble');
const { ChatDouble } = require('../test/support/chatDouble');
const { seedGlowMedSpa, WORKSPACE } = require('../test/support/glowMedSpa');

const env = process.env;
const N8N_PORT = Number(env.AESTHETIX_N8N_PORT || 5678);
const SMTP_PORT = Number(env.AESTHETIX_SMTP_DOUBLE_PORT || 2525);
const MAILBOX_PORT = Number(env.AESTHETIX_MAILBOX_PORT || 8025);
const TWILIO_PORT = Number(env.AESTHETIX_TWILIO_DOUBLE_PORT || 8026);
const SLACK_PORT = Number(env.AESTHETIX_SLACK_DOUBLE_PORT || 8027);
const CHAT_PORT = Number(env.AESTHETIX_CHAT_DOUBLE_PORT || 8028);
// Another n8n version (AESTHETIX_N8N_VERSION) gets its own folder: n8n does not migrate its database back.
const LOCAL_DIR_NAME =
	N8N_VERSION === DEFAULT_N8N_VERSION ? '.n8n-local' : `.n8n-local-${N8N_VERSION}`;
const USER_FOLDER = path.resolve(
	env.AESTHETIX_LOCAL_DIR || path.join(PROJECT_ROOT, LOCAL_DIR_NAME),
);
const OWNER = {
	email: env.AESTHETIX_OWNER_EMAIL || 'owner@aesthetix.local',
	password: env.AESTHETIX_OWNER_PASSWORD || 'Aesthetix-Local1',
};
const EXAMPLES = path.join(PROJECT_ROOT, 'workflows');
// The secret the external-calls example's Inbound Webhook Trigger checks signatures with.
const DIALER_SECRET = env.AESTHETIX_DIALER_SECRET || 'local-dialer-secret-change-me';

const say = (line = '') => process.stdout.write(`${line}\n`);

/** A real SMTP server when AESTHETIX_SMTP_HOST is set, the local double otherwise. */
async function smtpSettings() {
	if (env.AESTHETIX_SMTP_HOST) {
		return {
			label: `${env.AESTHETIX_SMTP_HOST}:${env.AESTHETIX_SMTP_PORT || 587}`,
			data: {
				host: env.AESTHETIX_SMTP_HOST,
				port: Number(env.AESTHETIX_SMTP_PORT || 587),
				secure: env.AESTHETIX_SMTP_SECURE === 'true',
				starttls: env.AESTHETIX_SMTP_STARTTLS || 'required',
				user: env.AESTHETIX_SMTP_USER || '',
				password: env.AESTHETIX_SMTP_PASSWORD || '',
				poolSize: 5,
				rateLimit: Number(env.AESTHETIX_SMTP_RATE_LIMIT || 0),
			},
		};
	}
	const double = await new SmtpDouble({ port: SMTP_PORT, httpPort: MAILBOX_PORT }).start();
	return {
		double,
		label: `local SMTP double on 127.0.0.1:${double.port}, mailbox at http://127.0.0.1:${double.viewerPort}`,
		// The double has no TLS, and the demo's files may be served from this machine.
		data: {
			host: '127.0.0.1',
			port: double.port,
			secure: false,
			starttls: 'never',
			poolSize: 5,
			rateLimit: 0,
			allowPrivateFileUrls: true,
		},
	};
}

/** Real Twilio when AESTHETIX_TWILIO_ACCOUNT_SID is set, the local double otherwise. */
async function twilioSettings() {
	if (env.AESTHETIX_TWILIO_ACCOUNT_SID) {
		return {
			label: `Twilio account ${env.AESTHETIX_TWILIO_ACCOUNT_SID}`,
			data: {
				accountSid: env.AESTHETIX_TWILIO_ACCOUNT_SID,
				authType: 'authToken',
				authToken: env.AESTHETIX_TWILIO_AUTH_TOKEN || '',
				senderType: env.AESTHETIX_TWILIO_MESSAGING_SERVICE_SID ? 'messagingService' : 'phoneNumber',
				fromNumber: env.AESTHETIX_TWILIO_FROM || '',
				messagingServiceSid: env.AESTHETIX_TWILIO_MESSAGING_SERVICE_SID || '',
				apiBaseUrl: 'https://api.twilio.com',
			},
		};
	}
	const double = await new TwilioDouble().start(TWILIO_PORT);
	return {
		double,
		label: `local Twilio double, texts at http://127.0.0.1:${double.port}/texts and calls at http://127.0.0.1:${double.port}/calls`,
		data: {
			accountSid: double.accountSid,
			authType: 'authToken',
			authToken: double.authToken,
			senderType: 'phoneNumber',
			fromNumber: '+15550009999',
			apiBaseUrl: double.baseUrl,
		},
	};
}

/** A real Slack workspace when AESTHETIX_SLACK_BOT_TOKEN is set, the local double otherwise. */
async function slackSettings() {
	if (env.AESTHETIX_SLACK_BOT_TOKEN) {
		return {
			label: 'your Slack workspace',
			data: {
				botToken: env.AESTHETIX_SLACK_BOT_TOKEN,
				userToken: env.AESTHETIX_SLACK_USER_TOKEN || '',
				apiUrl: 'https://slack.com/api/',
			},
		};
	}
	const double = await new SlackDouble().start(SLACK_PORT);
	return {
		double,
		label: `local Slack double (2,500 users, 1,500 channels), messages at http://127.0.0.1:${double.port}/posts`,
		data: { botToken: double.botToken, userToken: double.userToken, apiUrl: double.apiUrl },
	};
}

/**
 * A real OpenAI-compatible model when AESTHETIX_AI_BASE_URL is set, the local double otherwise: it
 * answers Write with AI with a draft that keeps the custom values asked for, so the Templates page's
 * generator can be tried without a paid key.
 */
async function modelSettings() {
	if (env.AESTHETIX_AI_BASE_URL) {
		return {
			label: `the model ${env.AESTHETIX_AI_MODEL || 'gpt-4o-mini'} at ${env.AESTHETIX_AI_BASE_URL}`,
			data: {
				baseUrl: env.AESTHETIX_AI_BASE_URL,
				model: env.AESTHETIX_AI_MODEL || 'gpt-4o-mini',
				apiKey: env.AESTHETIX_AI_API_KEY || '',
				timeoutSeconds: 60,
			},
		};
	}
	const double = await new ChatDouble().start(CHAT_PORT);
	return {
		double,
		label: `the local chat completions double at ${double.baseUrl}`,
		data: {
			baseUrl: double.baseUrl,
			model: 'local-draft-writer',
			apiKey: double.apiKey,
			timeoutSeconds: 60,
		},
	};
}

/** The workspace endpoint's optional credentials: SMTP for Send Test Mail, the model for Write with AI. */
function withTemplateCredentials(workflow) {
	for (const node of workflow.nodes) {
		if (node.type !== 'n8n-nodes-aesthetix.workspaceEndpoint') continue;
		node.credentials.aesthetixSmtpApi ??= { id: 'aeSmtpLocal00001', name: 'Local SMTP' };
		node.credentials.aesthetixAiModelApi ??= { id: 'aeAiModelLocal01', name: 'Local AI model' };
	}
	return workflow;
}

/** The examples are imported once: later starts keep whatever the user changed in the editor. */
function importExamples(host) {
	const marker = path.join(USER_FOLDER, 'imported-examples.json');
	const done = new Set(fs.existsSync(marker) ? JSON.parse(fs.readFileSync(marker, 'utf8')) : []);
	const ids = [];
	for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))) {
		const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
		ids.push(workflow.id);
		if (done.has(workflow.id)) continue;
		const input = path.join(USER_FOLDER, `import-${file}`);
		fs.writeFileSync(input, JSON.stringify(withTemplateCredentials(workflow)));
		host.cli(['import:workflow', `--input=${input}`]);
		fs.rmSync(input);
		done.add(workflow.id);
		say(`  imported example "${workflow.name}"`);
	}
	fs.writeFileSync(marker, JSON.stringify([...done]));
	return ids;
}

/** The sample clinic (team, templates, Reputation), so the Template and user pickers have something to show. */
async function seedWorkspace(file) {
	const { openStore, closeAllStores } = require('../dist/core/store');
	const { setPassword } = require('../dist/core/inbox/auth');
	const store = await openStore({ kind: 'sqlite', file });
	await seedGlowMedSpa(store, { password: OWNER.password, setPassword });
	await closeAllStores();
}

async function main() {
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	say(`Preparing the local n8n ${N8N_VERSION} in ${USER_FOLDER}...`);
	await ensureN8nInstalled(say);
	const host = new N8nHost({
		userFolder: USER_FOLDER,
		port: N8N_PORT,
		owner: OWNER,
		logFile: path.join(USER_FOLDER, 'n8n.log'),
		// What docs/operations/endpoint-speed.md advises for any n8n serving the Workspace Endpoint.
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	});
	say('Installing this package into it from its npm pack tarball, as a user would (about 20 s)...');
	host.installPackage(packPackage(path.join(USER_FOLDER, 'pack')));

	const smtp = await smtpSettings();
	const twilio = await twilioSettings();
	const slack = await slackSettings();
	const model = await modelSettings();
	const publicBaseUrl = env.AESTHETIX_PUBLIC_BASE_URL || host.baseUrl;
	if (twilio.double) twilio.double.inboundUrl = `${publicBaseUrl}/webhook/aesthetix/twilio/inbound`;
	const workspaceFile = path.join(USER_FOLDER, 'workspace.sqlite');
	await seedWorkspace(workspaceFile);
	const credentials = [
		{ id: 'aeSmtpLocal00001', name: 'Local SMTP', type: 'aesthetixSmtpApi', data: smtp.data },
		{ id: 'aeTwilioLocal001', name: 'Local Twilio', type: 'aesthetixTwilioApi', data: twilio.data },
		{ id: 'aeSlackLocal0001', name: 'Local Slack', type: 'aesthetixSlackApi', data: slack.data },
		{
			id: 'aeAiModelLocal01',
			name: 'Local AI model',
			type: 'aesthetixAiModelApi',
			data: model.data,
		},
		{
			id: 'aeDialerSecret01',
			name: 'Front desk dialer',
			type: 'aesthetixInboundWebhookApi',
			data: { secret: DIALER_SECRET },
		},
		{
			id: 'aeWorkspace00001',
			name: 'Glow Med Spa workspace',
			type: 'aesthetixWorkspaceApi',
			data: {
				storeType: 'sqlite',
				sqliteFile: workspaceFile,
				companyName: WORKSPACE.companyName,
				companyPhone: WORKSPACE.companyPhone,
				timeZone: env.AESTHETIX_TIME_ZONE || WORKSPACE.timeZone,
				publicBaseUrl,
			},
		},
	];
	const credentialFile = path.join(USER_FOLDER, 'credentials.json');
	fs.writeFileSync(credentialFile, JSON.stringify(credentials), { mode: 0o600 });
	host.importCredentials(credentialFile);
	fs.rmSync(credentialFile);
	const ids = importExamples(host);

	say(
		`Starting n8n on ${host.baseUrl} (the first start creates its database: up to a minute; its log is ${host.logFile})...`,
	);
	await host.start();
	await host.publish(ids);

	say('');
	say(`n8n is running at ${host.baseUrl}`);
	say(`  sign in as ${OWNER.email} / ${OWNER.password}`);
	say(`  email goes through ${smtp.label}`);
	say(`  texts go through ${twilio.label}`);
	say(`  Slack messages go to ${slack.label}`);
	say(`  Write with AI (Inbox > Templates) asks ${model.label}`);
	say(`  n8n's log: ${host.logFile}`);
	say(
		`  the Inbox (Manual Actions, Conversations, Reputation and the bell): ${host.baseUrl}/webhook/aesthetix/inbox`,
	);
	say(`    sign in as maya@glowmedspa.test (or owner@glowmedspa.test) / ${OWNER.password}`);
	say('');
	say('Try the booking confirmation example:');
	say(
		`  curl -X POST ${host.webhookUrl('appointment-booked')} -H 'content-type: application/json' \\\n` +
			`    -d '{"contact":{"first_name":"Jane","email":"jane@example.com"},"appointment":{"start_time":"2026-12-01T15:00:00Z"}}'`,
	);
	say('');
	say('Try the multi-stage SMS reminder (texts 24 hours and 1 hour before start_time):');
	say(
		`  curl -X POST ${host.webhookUrl('appointment-reminders')} -H 'content-type: application/json' \\\n` +
			`    -d '{"contact":{"first_name":"Jane","phone":"+15551234567"},"appointment":{"start_time":"'$(date -u -d '+24 hours +1 minute' +%Y-%m-%dT%H:%M:%SZ)'"}}'`,
	);
	say('');
	say('Try the consultation-form example (a Manual Action SMS for Maya in the Inbox):');
	say(
		`  curl -X POST ${host.webhookUrl('consultation-form')} -H 'content-type: application/json' \\\n` +
			`    -d '{"contact":{"first_name":"Ana","phone":"+15558880001","assigned_user":"maya@glowmedspa.test"}}'`,
	);
	say('');
	say('Try the high-priority lead example (a message in #front-desk):');
	say(
		`  curl -X POST ${host.webhookUrl('contact-added')} -H 'content-type: application/json' \\\n` +
			`    -d '{"contact":{"first_name":"Lena","last_name":"Park","phone":"+15557770001","tags":["High Priority"]}}'`,
	);
	say('');
	say('Try the review request example (an email from Maya, the assigned provider):');
	say(
		`  curl -X POST ${host.webhookUrl('appointment-completed')} -H 'content-type: application/json' \\\n` +
			`    -d '{"contact":{"first_name":"Jane","email":"jane@example.com","assigned_user":"maya@glowmedspa.test"}}'`,
	);
	say('');
	say(
		"Try the external-calls example (a signed call from a dialer, logged in the caller's Conversations):",
	);
	say(
		`  body='{"call_id":"demo-'$(date +%s)'","direction":"inbound","from":"+15553330001","to":"+15550001111","status":"completed","duration":95,"notes":"Asked about HydraFacial pricing"}'\n` +
			`  curl -X POST ${host.webhookUrl('external-calls')} -H 'content-type: application/json' \\\n` +
			`    -H "X-Signature-256: sha256=$(printf %s "$body" | openssl dgst -sha256 -hmac '${DIALER_SECRET}' | sed 's/^.* //')" -d "$body"`,
	);
	say('');
	// Calling Hours (on for Call and Voicemail) skips a contact outside 8 AM to 9 PM in their time zone:
	// the sample contacts live where it is midday now, so the examples call at any hour.
	const midday = zoneAtLocalHour(12);
	say(
		'Try the Appointment Call Reminder (Maya is called, presses a key, then Jane is connected; see /calls on the Twilio double):',
	);
	say(
		`  curl -X POST ${host.webhookUrl('appointment-confirmed')} -H 'content-type: application/json' \\\n` +
			`    -d '{"contact":{"first_name":"Jane","last_name":"Doe","phone":"(555) 123-4567","assigned_user":"maya@glowmedspa.test","timezone":"${midday}"},"appointment":{"start_time":"2026-12-01T15:00:00Z"}}'`,
	);
	say(
		'  (Calling Hours holds a call, until 8 AM for the contact, when it is before 8 AM or after 9 PM; "timezone" puts Jane where it is midday.)',
	);
	say('');
	say('Try the No-Show voicemail (choose "voicemail" for the next call on the calls page first):');
	say(
		`  curl -X POST ${host.webhookUrl('appointment-no-show')} -H 'content-type: application/json' \\\n` +
			`    -d '{"contact":{"first_name":"Jane","phone":"+15551234567","timezone":"${midday}"},"recording_url":"${twilio.double ? `${twilio.double.baseUrl}/recordings/reschedule-64k.mp3` : 'https://your-host/recording.mp3'}"}'`,
	);
	say('');
	say('Ctrl-C stops n8n and the doubles.');

	const stop = async () => {
		say('\nStopping...');
		await host.stop();
		if (smtp.double) await smtp.double.stop();
		if (twilio.double) await twilio.double.stop();
		if (slack.double) await slack.double.stop();
		if (model.double) await model.double.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	await host.exited;
	say(`n8n stopped; its log is ${host.logFile}`);
	if (smtp.double) await smtp.double.stop();
	process.exit(1);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
