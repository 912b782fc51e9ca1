// One end-to-end stack: a fresh n8n host with this package installed from its tarball, the SMTP
// double, the workspace credentials, and the given workflows imported and published.
const fs = require('node:fs');
const path = require('node:path');
const { N8nHost, ensureN8nInstalled, packPackage, PROJECT_ROOT, N8N_MAJOR } = require('./n8nHost');
const { SmtpDouble } = require('./smtpDouble');
const { TwilioDouble } = require('./twilioDouble');
const { SlackDouble } = require('./slackDouble');
const {
	sharingAvailable,
	acquireSharedHost,
	releaseSharedHost,
	clockFile,
} = require('./sharedHost');

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

const CREDENTIAL_IDS = {
	smtp: 'aeSmtpLocal00001',
	workspace: 'aeWorkspace00001',
	twilio: 'aeTwilioLocal001',
	slack: 'aeSlackLocal0001',
};

/** A Twilio credential for the double; `data` changes fields of it, such as another From number. */
function twilioCredential(twilio, overrides = {}, data = {}) {
	return {
		id: CREDENTIAL_IDS.twilio,
		name: 'Local Twilio',
		type: 'aesthetixTwilioApi',
		data: {
			accountSid: twilio.accountSid,
			authType: 'authToken',
			authToken: twilio.authToken,
			senderType: 'phoneNumber',
			fromNumber: '+15550009999',
			apiBaseUrl: twilio.baseUrl,
			...data,
		},
		...overrides,
	};
}

/** Reads an example workflow shipped in `workflows/`. */
function exampleWorkflow(file) {
	return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'workflows', file), 'utf8'));
}

/** A copy of a workflow under a new id and webhook path, with node changes applied. */
function variant(workflow, { id, path: webhookPath, nodes = {} }) {
	const copy = JSON.parse(JSON.stringify(workflow));
	copy.id = id;
	copy.name = `${workflow.name} (${id})`;
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters.path = webhookPath;
			node.webhookId = `${node.webhookId.slice(0, 24)}${id.slice(-12).toLowerCase().padStart(12, '0')}`;
		}
		const change = nodes[node.name];
		if (typeof change === 'function') change(node);
		else if (change)
			Object.assign(node, change, {
				parameters: { ...node.parameters, ...(change.parameters ?? {}) },
			});
	}
	return copy;
}

function smtpCredential(data, overrides = {}) {
	return {
		id: CREDENTIAL_IDS.smtp,
		name: 'Local SMTP',
		type: 'aesthetixSmtpApi',
		// The suites serve attachment files from loopback, which the credential refuses unless allowed.
		data: {
			host: '127.0.0.1',
			secure: false,
			starttls: 'never',
			poolSize: 2,
			rateLimit: 0,
			allowPrivateFileUrls: true,
			...data,
		},
		...overrides,
	};
}

function slackCredential(slack) {
	return {
		id: CREDENTIAL_IDS.slack,
		name: 'Local Slack',
		type: 'aesthetixSlackApi',
		data: { botToken: slack.botToken, userToken: slack.userToken, apiUrl: slack.apiUrl },
	};
}

function workspaceCredential(root, baseUrl, overrides = {}) {
	return {
		id: CREDENTIAL_IDS.workspace,
		name: 'Glow Med Spa workspace',
		type: 'aesthetixWorkspaceApi',
		data: {
			storeType: 'sqlite',
			sqliteFile: path.join(root, 'workspace.sqlite'),
			companyName: 'Glow Med Spa',
			companyPhone: '+15550001111',
			timeZone: 'America/New_York',
			publicBaseUrl: baseUrl,
			...overrides,
		},
	};
}

/** Waits until n8n answers a webhook path with anything but 404 (its last route is registered). */
async function untilRegistered(host, webhookPath, timeoutMs = 180_000) {
	const deadline = Date.now() + timeoutMs;
	while (
		(await fetch(host.webhookUrl(webhookPath), { method: 'POST', redirect: 'manual' })).status ===
		404
	) {
		if (Date.now() > deadline)
			throw new Error(`n8n did not register ${webhookPath} within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * @param {{ name: string, port: number, workflows: object[], extraCredentials?: (ctx) => object[], workspace?: object }} options
 *   `workspace` changes the workspace credential's fields, such as a Public Base URL of a proxy.
 *   `env` adds environment variables to the n8n host.
 *   `clock` gives the suite Calling Hours' clock: `stack.clockFile`, whose ISO-8601 instant is the
 *   host's time for Calling Hours while the file exists (core/run/clock.ts), with a waker looking
 *   every 500 ms.
 *   A suite without `env` runs on its jest worker's shared host (test/support/sharedHost.js).
 */
async function startStack({
	name,
	port,
	workflows,
	extraCredentials = () => [],
	workspace = {},
	env = {},
	clock = false,
	published,
}) {
	const root = path.join(ARTIFACTS, 'e2e', name);
	const began = Date.now();
	const timings = {};
	const lap = (step) => (timings[step] = (Date.now() - began) / 1000);
	fs.rmSync(root, { recursive: true, force: true });
	fs.mkdirSync(root, { recursive: true });
	await ensureN8nInstalled((m) => process.stdout.write(`${m}\n`));
	const smtp = await new SmtpDouble().start();
	const twilio = await new TwilioDouble().start();
	const slack = await new SlackDouble().start();
	const shared = sharingAvailable() && N8N_MAJOR >= 2 && Object.keys(env).length === 0;
	let host;
	let freshAt = 0;
	if (shared) {
		const acquired = await acquireSharedHost();
		host = acquired.host;
		freshAt = acquired.freshAt;
		// Where to read this suite's part of n8n's log when it fails.
		fs.writeFileSync(
			path.join(root, 'n8n-log.txt'),
			`This suite ran on a shared host: ${host.logFile}, from byte ${acquired.logFrom}.\n`,
		);
	} else {
		if (clock)
			env = {
				...env,
				AESTHETIX_CLOCK_FILE: path.join(root, 'clock.txt'),
				AESTHETIX_WAKER_INTERVAL_MS: '500',
			};
		// Several checkouts on one machine (worktrees, parallel sessions) each pick their own port block.
		host = new N8nHost({
			userFolder: root,
			port: port + Number(process.env.AESTHETIX_PORT_OFFSET || 0),
			env,
		});
		// The run's prepared user folder (test/e2e/globalSetup.js) has the package installed and n8n's
		// database migrated; a suite run some other way installs the package itself.
		if (process.env.AESTHETIX_USER_FOLDER_TEMPLATE)
			host.copyUserFolder(process.env.AESTHETIX_USER_FOLDER_TEMPLATE);
		else
			host.installPackage(
				process.env.AESTHETIX_PACKAGE_TARBALL || packPackage(path.join(root, 'pack')),
			);
	}

	const credentials = [
		smtpCredential({ port: smtp.port }),
		workspaceCredential(root, host.baseUrl, workspace),
		twilioCredential(twilio),
		slackCredential(slack),
		...extraCredentials({ root, smtp, host, twilio, slack }),
	];
	lap('userFolder');
	// Written out as `n8n import:*` takes them: what a 1.x host imports, and what to look at when a
	// suite fails.
	const credentialFile = path.join(root, 'credentials.json');
	fs.writeFileSync(credentialFile, JSON.stringify(credentials, null, 2));
	const workflowDir = path.join(root, 'workflows');
	fs.mkdirSync(workflowDir);
	for (const workflow of workflows) {
		fs.writeFileSync(
			path.join(workflowDir, `${workflow.id}.json`),
			JSON.stringify(workflow, null, 2),
		);
	}
	// 2.x takes them through its APIs once running; 1.x only by command line, before the start.
	const throughApi = N8N_MAJOR >= 2;
	if (!throughApi) {
		host.importCredentials(credentialFile);
		host.importWorkflowDir(workflowDir);
	}
	const stopAll = async () => {
		if (shared) await releaseSharedHost(host);
		else await host.stop();
		await smtp.stop();
		await twilio.stop();
		await slack.stop();
	};
	// Workflows started only from the editor (a Manual Trigger) cannot be published.
	const triggered = workflows.filter((w) =>
		published
			? published.includes(w.id)
			: !w.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger'),
	);
	try {
		lap('imported');
		if (!shared) await host.start();
		lap('started');
		if (throughApi) await host.addCredentialsAndWorkflows(credentials, workflows);
		// Publishing reads credentials (an endpoint registers itself in its workspace).
		if (freshAt > Date.now()) await new Promise((r) => setTimeout(r, freshAt - Date.now()));
		const isEndpoint = (w) =>
			w.nodes.some((n) => n.type === 'n8n-nodes-aesthetix.workspaceEndpoint');
		await host.publish(triggered.filter((w) => !isEndpoint(w)).map((w) => w.id));
		// Endpoints one at a time: n8n registers an endpoint's forty routes one by one after publishing
		// answers, and several endpoints registering at once on a busy machine can outlast n8n's
		// deadline for a publication. A page opened at once by a browser (which cannot retry a 404 the
		// way `trigger` does) must also find every route of the endpoint in place.
		for (const workflow of triggered.filter(isEndpoint)) {
			await host.publish([workflow.id]);
			for (const node of workflow.nodes.filter(
				(n) => n.type === 'n8n-nodes-aesthetix.workspaceEndpoint',
			))
				await untilRegistered(host, `${node.parameters.path}/inbox/template`);
		}
		lap('published');
	} catch (error) {
		// The suite never gets the stack to stop: a host left running would hold its port (and its
		// memory) for every later suite of the run.
		await stopAll();
		throw error;
	}

	lap('ready');
	// Seconds from the suite's start to each step: where a host's setup time goes.
	fs.writeFileSync(path.join(root, 'timings.json'), JSON.stringify(timings));

	return {
		root,
		host,
		smtp,
		twilio,
		slack,
		workspaceFile: path.join(root, 'workspace.sqlite'),
		clockFile: clock ? (shared ? clockFile() : env.AESTHETIX_CLOCK_FILE) : undefined,
		/** The workspace n8n writes to, opened beside it to read what the actions recorded. */
		async openWorkspace() {
			const { openStore } = require('../../dist/core/store');
			return openStore({ kind: 'sqlite', file: path.join(root, 'workspace.sqlite') });
		},
		async trigger(webhookPath, body) {
			// Publishing answers before n8n has registered every webhook; a 404 for that reason is retried briefly.
			const deadline = Date.now() + 10_000;
			let res;
			let text;
			for (;;) {
				res = await fetch(host.webhookUrl(webhookPath), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				text = await res.text();
				if (res.status !== 404 || !text.includes('is not registered') || Date.now() > deadline)
					break;
				await new Promise((r) => setTimeout(r, 250));
			}
			let json;
			try {
				json = JSON.parse(text);
			} catch {
				json = text;
			}
			return { status: res.status, json };
		},
		stop: stopAll,
	};
}

module.exports = {
	startStack,
	untilRegistered,
	exampleWorkflow,
	variant,
	twilioCredential,
	smtpCredential,
	slackCredential,
	workspaceCredential,
	CREDENTIAL_IDS,
	ARTIFACTS,
};
