// The in-process tier: workflow JSON run through n8n-core's own WorkflowExecute inside the test
// process, with this package's node and credential types loaded from `dist/` by n8n-core's own
// package loader (as a host loads an installed package), credentials resolved by id as a host
// resolves them, and the loopback doubles and a real SQLite workspace store behind them.
//
// What it does not have is what only a running host gives: no webhook is served (a workflow's
// triggers can be published, which registers them, but nothing calls them), nothing waits and
// resumes, there is no executions list, no queue and no editor. Those stay end to end.
//
//   const { runWorkflow, startDoubles } = require('../support/inProcess');
//   const doubles = await startDoubles();
//   const run = await runWorkflow(workflow, { credentials: doubles.credentials, items: [{ json }] });
//   run.status; run.error; run.output('Send Email'); run.items('Send Email')
//
// The first node of the workflow is where `items` enter, the way a host enters a webhook's or a
// trigger's output; `n8n-nodes-base.webhook` and `n8n-nodes-base.manualTrigger` (the start nodes
// the suites and the shipped workflows use) stand in as those pass-through starts, and
// `n8n-nodes-base.noOp` (the examples' last step) passes its items on as n8n's does.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// n8n-core keeps its instance settings (an encryption key, a signing secret) in a user folder;
// the tests' own, never a real one.
process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'aesthetix-inprocess-'));
process.env.N8N_ENCRYPTION_KEY ??= 'aesthetix-test-encryption-key';
// n8n-core logs every item a node fails to the console; the tests assert on the run instead.
process.env.N8N_LOG_LEVEL ??= 'silent';

// Each test file loads n8n-core and the package afresh (jest's module registry), so no file
// inherits another's module state: loading them once per worker through Node's own require was
// faster, but a later file then met clients and pacers an earlier file's doubles had left.
const {
	ExecutionLifecycleHooks,
	HookContext,
	PackageDirectoryLoader,
	WorkflowExecute,
} = require('n8n-core');
const {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
} = require('n8n-workflow');
const { SmtpDouble } = require('./smtpDouble');
const { TwilioDouble } = require('./twilioDouble');
const { SlackDouble } = require('./slackDouble');
const {
	smtpCredential,
	slackCredential,
	twilioCredential,
	workspaceCredential,
} = require('./stack');

// A file's first run loads n8n-core and the package: seconds on a busy machine, past jest's 5.
/* global jest -- jest gives every module it loads its `jest` object */
if (typeof jest !== 'undefined') jest.setTimeout(60_000);

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(PROJECT_ROOT, 'package.json')).name;

/** A start node: what enters it leaves it unchanged, as a host's webhook or trigger output does. */
function startNodeType(name, displayName) {
	return {
		description: {
			displayName,
			name,
			group: ['trigger'],
			version: [1, 2, 2.1],
			description: `Stands in for n8n's ${displayName}: passes the run's input items on`,
			defaults: { name: displayName },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async webhook() {
			throw new Error(`${displayName} is not served in process: use an end-to-end suite`);
		},
	};
}

/** n8n's No Operation node, which the shipped examples end with: its input is its output. */
const noOpType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: "Stands in for n8n's No Operation node: passes its items on",
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

const STAND_INS = {
	'n8n-nodes-base.webhook': startNodeType('webhook', 'Webhook'),
	'n8n-nodes-base.manualTrigger': startNodeType('manualTrigger', 'Manual Trigger'),
	'n8n-nodes-base.noOp': noOpType,
};

let loaded;
/** The package's types, loaded once per test file from `dist/` (run `npm run build` first). */
async function packageTypes() {
	if (loaded) return loaded;
	if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'nodes'))) {
		throw new Error('dist/ is missing: run `npm run build` before the in-process tests');
	}
	const loader = new PackageDirectoryLoader(PROJECT_ROOT);
	await loader.loadAll();
	const nodeTypes = {
		getByName(type) {
			return lookup(type);
		},
		getByNameAndVersion(type, version) {
			return NodeHelpers.getVersionedNodeType(lookup(type), version);
		},
		getKnownTypes() {
			return {};
		},
	};
	function lookup(type) {
		if (STAND_INS[type]) return STAND_INS[type];
		const [pkg, name] = type.split('.');
		const entry = pkg === PACKAGE_NAME ? loader.nodeTypes[name] : undefined;
		if (!entry) throw new Error(`Unknown node type "${type}" in the in-process tier`);
		return entry.type;
	}
	loaded = { loader, nodeTypes };
	return loaded;
}

/**
 * Credentials as a host keeps them: a list of `{ id, name, type, data }` (the shape `n8n
 * import:credentials` takes); a node's reference is resolved by id, and the type's defaults fill
 * what the data leaves out, as n8n's own credentials helper does.
 */
class CredentialsHelper extends ICredentialsHelper {
	constructor(credentials, credentialTypes) {
		super();
		this.credentials = credentials;
		this.credentialTypes = credentialTypes;
	}

	find(nodeCredentials, type) {
		const byId = this.credentials.find((c) => c.id === nodeCredentials?.id && c.type === type);
		if (byId) return byId;
		throw new Error(
			`Credential with ID "${nodeCredentials?.id}" does not exist for type "${type}".`,
		);
	}

	async getDecrypted(_additionalData, nodeCredentials, type) {
		const { data } = this.find(nodeCredentials, type);
		const properties = this.credentialTypes[type]?.type.properties ?? [];
		return NodeHelpers.getNodeParameters(properties, data, true, false, null, null) ?? data;
	}

	async authenticate(_credentials, _typeName, requestOptions) {
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	getParentTypes() {
		return [];
	}

	getCredentialsProperties(type) {
		return this.credentialTypes[type]?.type.properties ?? [];
	}

	async getCredentials() {
		throw new Error('raw credentials are not available in process');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	isCredentialUsableByNode() {
		return true;
	}
}

let executionCounter = 0;

/** The workflow as n8n's engine holds it, and the data a host hands each node it runs. */
async function prepare(workflow, { credentials, mode }) {
	const { loader, nodeTypes } = await packageTypes();
	const workflowData = JSON.parse(JSON.stringify(workflow));
	const instance = new Workflow({
		id: workflowData.id ?? 'inProcess',
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings ?? { executionOrder: 'v1' },
		staticData: workflowData.staticData,
	});
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const baseUrl = 'http://127.0.0.1:5678';
	const additionalData = {
		hooks,
		credentialsHelper: new CredentialsHelper(credentials, loader.credentialTypes),
		executionId,
		workflowId: instance.id,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
		async executeWorkflow() {
			throw new Error('sub-workflows are not run in process: use an end-to-end suite');
		},
		async getRunExecutionData() {
			return undefined;
		},
		async getRuntimeCredential() {
			return undefined;
		},
		async startRunnerTask() {
			throw new Error('task runners (the Code node) are not run in process');
		},
	};
	return { instance, additionalData, nodeTypes };
}

/**
 * Runs a workflow to its end, as a host runs one a webhook or trigger started.
 * @param {object} workflow workflow JSON (nodes, connections, settings)
 * @param {{ credentials?: object[], items?: Array<{json: object}>, mode?: string }} options
 *   `items` enter at the workflow's first node (or `startNode`); `mode` is n8n's execution mode
 *   (`webhook` by default; `manual` is what the editor's run uses).
 * @returns the run: `status`, `error` (the workflow's error, if it stopped), `runData`,
 *   `output(node, outputIndex?)` (the node's output json), `items(node)` (whole items with
 *   `pairedItem`), `runs(node)` (every run of the node, one per try), `lastNodeExecuted`.
 */
async function runWorkflow(
	workflow,
	{ credentials = [], items, startNode, mode = 'webhook' } = {},
) {
	const { instance, additionalData } = await prepare(workflow, { credentials, mode });
	// The node nothing leads into is where a host's trigger starts the run.
	const start = startNode
		? instance.getNode(startNode)
		: Object.values(instance.nodes).find((n) => instance.getParentNodes(n.name).length === 0);
	if (!start) throw new Error('the workflow has no node to start from');

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: start, data: { main: [items ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const engine = new WorkflowExecute(additionalData, mode, runExecutionData);
	return describeRun(await engine.processRunExecutionData(instance));
}

/**
 * Publishes a workflow's triggers as a host does when the workflow is published: each of this
 * package's nodes with webhook methods checks its registration and creates it (the Workspace
 * Endpoint records where it listens, which the actions' links and unsubscribe addresses need).
 */
async function publishWorkflow(workflow, { credentials = [] } = {}) {
	const { instance, additionalData, nodeTypes } = await prepare(workflow, {
		credentials,
		mode: 'trigger',
	});
	for (const node of Object.values(instance.nodes)) {
		const methods = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).webhookMethods
			?.default;
		if (!methods) continue;
		const context = new HookContext(instance, node, additionalData, 'trigger', 'activate');
		if (!(await methods.checkExists.call(context))) await methods.create.call(context);
	}
}

function describeRun(run) {
	const { runData, error, lastNodeExecuted } = run.data.resultData;
	const runsOf = (node) => {
		const runs = runData[node];
		if (!runs) throw new Error(`node "${node}" did not run (ran: ${Object.keys(runData)})`);
		return runs;
	};
	const itemsOf = (node, outputIndex = 0) => {
		const runs = runsOf(node);
		return runs[runs.length - 1].data?.main?.[outputIndex] ?? [];
	};
	return {
		status: run.status,
		finished: run.finished,
		error,
		runData,
		lastNodeExecuted,
		waitTill: run.waitTill,
		runs: runsOf,
		items: itemsOf,
		output: (node, outputIndex = 0) => itemsOf(node, outputIndex).map((item) => item.json),
		/** The error a node stopped with (its last try), as the editor shows it. */
		nodeError: (node) => {
			const runs = runsOf(node);
			return runs[runs.length - 1].error;
		},
	};
}

function webhookOf(workflow) {
	return workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
}

/** Items as a webhook's output carries a posted JSON body, so `$json.body.*` reads as it does in a host. */
function webhookItems(body) {
	return [{ json: { headers: {}, params: {}, query: {}, body } }];
}

/**
 * The SMTP, Twilio and Slack doubles on loopback, a fresh SQLite workspace in a temporary
 * folder, and the credentials a host's suite imports (the same ids, so workflows built for the
 * end-to-end suites run here unchanged).
 * @param {{ workspace?: object, extraCredentials?: (ctx) => object[], workflows?: object[] }} options
 *   `workflows` are the ones `trigger` finds by their webhook's path.
 */
async function startDoubles({ workspace = {}, extraCredentials = () => [], workflows = [] } = {}) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aesthetix-workspace-'));
	const smtp = await new SmtpDouble().start();
	const twilio = await new TwilioDouble().start();
	const slack = await new SlackDouble().start();
	const workspaceFile = path.join(root, 'workspace.sqlite');
	// No host serves the workspace's links here: a Public Base URL that nothing follows.
	const credentials = [
		smtpCredential({ port: smtp.port }),
		workspaceCredential(root, 'http://127.0.0.1:5678', workspace),
		twilioCredential(twilio),
		slackCredential(slack),
	];
	credentials.push(...extraCredentials({ root, smtp, twilio, slack, credentials }));
	const stores = [];
	return {
		root,
		smtp,
		twilio,
		slack,
		credentials,
		workspaceFile,
		/** The workspace the nodes write to, opened beside them to read what they recorded. */
		async openWorkspace() {
			const { openStore } = require(path.join(PROJECT_ROOT, 'dist', 'core', 'store'));
			const store = await openStore({ kind: 'sqlite', file: workspaceFile });
			stores.push(store);
			return store;
		},
		/**
		 * Runs the workflow whose webhook has this path with `body` as the webhook's output carries a
		 * posted body. `json` is what the webhook's Response Data makes of the last node's output (all
		 * entries, or the first); `status` is the run's (`success`, `error`), `run` the whole run.
		 */
		async trigger(webhookPath, body) {
			const workflow = workflows.find((w) => webhookOf(w)?.parameters.path === webhookPath);
			if (!workflow) throw new Error(`no workflow has a webhook at "${webhookPath}"`);
			const run = await runWorkflow(workflow, { credentials, items: webhookItems(body) });
			const last = run.runData[run.lastNodeExecuted];
			const output = (last?.[last.length - 1].data?.main?.[0] ?? []).map((item) => item.json);
			const json =
				webhookOf(workflow).parameters.responseData === 'allEntries' ? output : output[0];
			return { status: run.status, json, run };
		},
		/** Publishes a workflow's triggers with these credentials (see publishWorkflow). */
		publish(workflow) {
			return publishWorkflow(workflow, { credentials });
		},
		/** Runs a workflow with these credentials; `body` is posted as a webhook would carry it. */
		run(workflow, { body, items, ...options } = {}) {
			return runWorkflow(workflow, {
				credentials,
				items: items ?? (body === undefined ? undefined : webhookItems(body)),
				...options,
			});
		},
		async stop() {
			for (const store of new Set(stores)) {
				try {
					await store.close();
				} catch {
					// Two opens of one file may share one store, closed already.
				}
			}
			await Promise.all([smtp.stop(), twilio.stop(), slack.stop()]);
			fs.rmSync(root, { recursive: true, force: true });
		},
	};
}

module.exports = { runWorkflow, publishWorkflow, startDoubles, webhookItems, packageTypes };
