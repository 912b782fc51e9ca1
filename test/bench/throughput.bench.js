// Throughput through the real host: a workflow of a trigger, a Code node making N contacts and one
// sending node, run by n8n 2.41.1 with this package installed from its tarball, against an SMTP
// server that takes BENCH_SMTP_LATENCY_MS (20) for each reply that costs a round trip on a real
// relay, and a Twilio double that takes BENCH_TWILIO_LATENCY_MS (50) per request. Send rates are
// read from n8n's own execution record (the sending node's execution time); n8n's memory is
// sampled from /proc while each run lasts. The same run measures n8n's built-in Send Email and the
// bare SDKs (pooled nodemailer, the twilio SDK) on the same doubles, and reports ratios.
// A benchmark, not a test: it prints and writes test-artifacts/bench/throughput.json, and fails
// only when a run itself fails.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const nodemailer = require('nodemailer');
const twilio = require('twilio');
const { N8nHost, ensureN8nInstalled, packPackage, PROJECT_ROOT } = require('../support/n8nHost');
const { SmtpDouble } = require('../support/smtpDouble');
const { TwilioDouble } = require('../support/twilioDouble');

const env = (name, fallback) => Number(process.env[name] || fallback);
const ITEMS = env('BENCH_ITEMS', 5000);
// n8n's node opens a connection per item and sends one at a time: its rate does not depend on the
// item count, and 5,000 of them would take about twenty minutes.
const BUILTIN_ITEMS = env('BENCH_BUILTIN_ITEMS', 1000);
const SMS_ITEMS = env('BENCH_SMS_ITEMS', ITEMS);
const SMTP_LATENCY_MS = env('BENCH_SMTP_LATENCY_MS', 20);
const TWILIO_LATENCY_MS = env('BENCH_TWILIO_LATENCY_MS', 50);
const POOL_SIZE = 5;
const TEXTS_IN_FLIGHT = 20;
const PORT_BASE = 5790 + env('AESTHETIX_PORT_OFFSET', 0);
const OUT = path.join(PROJECT_ROOT, 'test-artifacts', 'bench');
const log = (line) => process.stdout.write(`${line}\n`);

const MESSAGE =
	'<p>Hi {{contact.first_name}},</p><p>Thanks for booking with {{company.name}}! See you {{appointment.start_time}}.</p>';

function workflow(id, sender) {
	const node = (name, type, typeVersion, position, parameters, extra = {}) => ({
		id: `${id}-${name}`,
		name,
		type,
		typeVersion,
		position,
		parameters,
		...extra,
	});
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
		nodes: [
			node(
				'Trigger',
				'n8n-nodes-base.webhook',
				2,
				[0, 0],
				{ httpMethod: 'POST', path: id.toLowerCase(), responseMode: 'onReceived', options: {} },
				{
					webhookId: `2b3c4d5e-6f70-4182-93a4-${id.slice(-12).toLowerCase().padStart(12, '0')}`,
				},
			),
			node('Contacts', 'n8n-nodes-base.code', 2, [200, 0], {
				jsCode: `const count = $input.first().json.body.count;
return Array.from({ length: count }, (_, i) => ({ json: {
	contact: { first_name: 'Guest ' + i, email: 'guest' + i + '@example.com', phone: '+1555' + String(2000000 + i) },
	appointment: { start_time: '2026-12-01T15:00:00Z' },
} }));`,
			}),
			{ ...sender, id: `${id}-Send`, name: 'Send', position: [400, 0] },
		],
		connections: {
			Trigger: { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] },
			Contacts: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		},
	};
}

const WORKSPACE = { aesthetixWorkspaceApi: { id: 'benchWorkspace01', name: 'Bench workspace' } };
const WORKFLOWS = {
	packageEmail: workflow('benchPkgEmail001', {
		type: 'n8n-nodes-aesthetix.sendEmail',
		typeVersion: 1,
		parameters: {
			contact: '={{ $json.contact }}',
			fromName: '{{company.name}}',
			fromEmail: 'hello@glow.test',
			subject: 'Thanks for booking with us',
			message: MESSAGE,
		},
		credentials: { aesthetixSmtpApi: { id: 'benchSmtpPool001', name: 'Bench SMTP' }, ...WORKSPACE },
	}),
	builtinEmail: workflow('benchN8nEmail001', {
		type: 'n8n-nodes-base.emailSend',
		typeVersion: 2.1,
		parameters: {
			fromEmail: 'Glow Med Spa <hello@glow.test>',
			toEmail: '={{ $json.contact.email }}',
			subject: 'Thanks for booking with us',
			emailFormat: 'html',
			html: '=<p>Hi {{ $json.contact.first_name }},</p><p>Thanks for booking with Glow Med Spa! See you {{ $json.appointment.start_time }}.</p>',
			options: { appendAttribution: false },
		},
		credentials: { smtp: { id: 'benchSmtpN8n0001', name: 'Bench SMTP (n8n)' } },
	}),
	packageSms: workflow('benchPkgSms00001', {
		type: 'n8n-nodes-aesthetix.sendSms',
		typeVersion: 1,
		parameters: {
			contact: '={{ $json.contact }}',
			message: 'Hi {{contact.first_name}}, see you {{appointment.start_time}}.',
		},
		credentials: {
			aesthetixTwilioApi: { id: 'benchTwilio00001', name: 'Bench Twilio' },
			...WORKSPACE,
		},
	}),
};

function credentials(root, smtp, twilioDouble, host) {
	return [
		{
			id: 'benchSmtpPool001',
			name: 'Bench SMTP',
			type: 'aesthetixSmtpApi',
			data: {
				host: '127.0.0.1',
				port: smtp.port,
				secure: false,
				starttls: 'never',
				poolSize: POOL_SIZE,
				rateLimit: 0,
			},
		},
		{
			id: 'benchSmtpN8n0001',
			name: 'Bench SMTP (n8n)',
			type: 'smtp',
			data: {
				host: '127.0.0.1',
				port: smtp.port,
				secure: false,
				disableStartTls: true,
				user: '',
				password: '',
			},
		},
		{
			id: 'benchTwilio00001',
			name: 'Bench Twilio',
			type: 'aesthetixTwilioApi',
			data: {
				accountSid: twilioDouble.accountSid,
				authType: 'authToken',
				authToken: twilioDouble.authToken,
				senderType: 'phoneNumber',
				fromNumber: '+15550009999',
				// Unpaced, so the figure is the package's machinery rather than a configured rate.
				messagesPerSecond: 0,
				apiBaseUrl: twilioDouble.baseUrl,
			},
		},
		{
			id: 'benchWorkspace01',
			name: 'Bench workspace',
			type: 'aesthetixWorkspaceApi',
			data: {
				storeType: 'sqlite',
				sqliteFile: path.join(root, 'workspace.sqlite'),
				companyName: 'Glow Med Spa',
				timeZone: 'UTC',
				publicBaseUrl: host.baseUrl,
			},
		},
	];
}

/** Peak resident memory of a process while `work` runs, sampled from /proc. */
async function withPeakRss(pid, work) {
	const rss = () => {
		try {
			const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
			return match ? Number(match[1]) * 1024 : 0;
		} catch {
			return 0;
		}
	};
	const before = rss();
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, rss())), 50);
	try {
		const result = await work();
		return { result, rssBeforeMb: before / 1e6, rssPeakMb: Math.max(peak, rss()) / 1e6 };
	} finally {
		clearInterval(timer);
	}
}

/** Starts a workflow through its webhook and waits for n8n's record of the finished execution. */
async function runThroughHost(host, wf, count) {
	const after = await host.lastExecutionId(wf.id);
	// Publishing answers before n8n has registered every webhook; a 404 for that reason is retried briefly.
	const deadline = Date.now() + 60_000;
	for (;;) {
		const res = await fetch(host.webhookUrl(wf.id.toLowerCase()), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ count }),
		});
		if (res.ok) break;
		const text = await res.text();
		if (res.status !== 404 || !text.includes('is not registered') || Date.now() > deadline)
			throw new Error(`${wf.id}: webhook answered ${res.status} ${text}`);
		await new Promise((r) => setTimeout(r, 500));
	}
	let id;
	for (;;) {
		const [exec] = (await host.api(`/executions?workflowId=${wf.id}&limit=1`)).data;
		if (exec && Number(exec.id) > after && !['running', 'new'].includes(exec.status)) {
			id = exec.id;
			break;
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	const exec = await host.api(`/executions/${id}?includeData=true`);
	if (exec.status !== 'success')
		throw new Error(
			`${wf.id}: execution ${id} ended ${exec.status}: ${JSON.stringify(exec.data?.resultData?.error ?? {}).slice(0, 500)}`,
		);
	const [send] = exec.data.resultData.runData.Send;
	const items = send.data.main[0].length;
	if (items !== count)
		throw new Error(`${wf.id}: ${items} items came out of Send, expected ${count}`);
	return {
		items,
		nodeMs: send.executionTime,
		executionMs: new Date(exec.stoppedAt) - new Date(exec.startedAt),
	};
}

async function measureHost(host, wf, count) {
	const { result, rssBeforeMb, rssPeakMb } = await withPeakRss(host.proc.pid, () =>
		runThroughHost(host, wf, count),
	);
	return {
		...result,
		perSecond: (result.items / result.nodeMs) * 1000,
		n8nRssBeforeMb: rssBeforeMb,
		n8nRssPeakMb: rssPeakMb,
		n8nPeakGrowthMbPer1000Items: ((rssPeakMb - rssBeforeMb) / result.items) * 1000,
		// The machine may be shared: the one-minute load average as the run ended puts the rate in context.
		loadAverage: os.loadavg()[0],
	};
}

async function timed(count, work) {
	const start = process.hrtime.bigint();
	await work();
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	return { items: count, ms, perSecond: (count / ms) * 1000, loadAverage: os.loadavg()[0] };
}

/** nodemailer alone: one pooled transport, every email handed to it at once, the pool keeps them in flight. */
function rawPooledNodemailer(smtp, count) {
	const transport = nodemailer.createTransport({
		pool: true,
		maxConnections: POOL_SIZE,
		maxMessages: 100,
		host: '127.0.0.1',
		port: smtp.port,
		secure: false,
		ignoreTLS: true,
	});
	return timed(count, async () => {
		await Promise.all(
			Array.from({ length: count }, (_, i) =>
				transport.sendMail({
					from: 'Glow Med Spa <hello@glow.test>',
					to: `guest${i}@example.com`,
					subject: 'Thanks for booking with us',
					html: `<p>Hi Guest ${i},</p>`,
				}),
			),
		);
	}).finally(() => transport.close());
}

/** The twilio SDK alone, keeping as many requests in flight as the node does. */
function rawTwilio(double, count) {
	const client = twilio(double.accountSid, double.authToken, {
		httpClient: new (class extends twilio.RequestClient {
			request(opts) {
				return super.request({
					...opts,
					uri: opts.uri.replace(/^https:\/\/[^/]*\.twilio\.com/, double.baseUrl),
				});
			}
		})(),
	});
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const i = next++;
			await client.messages.create({
				to: `+1555${3000000 + i}`,
				from: '+15550009999',
				body: `Hi Guest ${i}`,
			});
		}
	};
	return timed(count, () => Promise.all(Array.from({ length: TEXTS_IN_FLIGHT }, lane)));
}

async function main() {
	const root = path.join(OUT, 'host');
	fs.rmSync(root, { recursive: true, force: true });
	fs.mkdirSync(root, { recursive: true });
	await ensureN8nInstalled(log);
	const smtp = await new SmtpDouble({ port: PORT_BASE, latencyMs: SMTP_LATENCY_MS }).start();
	const sms = await new TwilioDouble({ autoDeliver: false, latencyMs: TWILIO_LATENCY_MS }).start(
		PORT_BASE + 1,
	);
	// BENCH_CPU_PROF=<dir>: n8n writes a V8 CPU profile there when it stops, to see where its time goes.
	const profile = process.env.BENCH_CPU_PROF
		? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}` }
		: {};
	const host = new N8nHost({
		userFolder: root,
		port: PORT_BASE + 2,
		brokerPort: PORT_BASE + 3,
		env: { N8N_LOG_LEVEL: 'warn', ...profile },
	});
	try {
		host.installPackage(packPackage(path.join(root, 'pack')));
		const credentialFile = path.join(root, 'credentials.json');
		fs.writeFileSync(credentialFile, JSON.stringify(credentials(root, smtp, sms, host)));
		host.importCredentials(credentialFile);
		const dir = path.join(root, 'workflows');
		fs.mkdirSync(dir);
		for (const wf of Object.values(WORKFLOWS))
			fs.writeFileSync(path.join(dir, `${wf.id}.json`), JSON.stringify(wf));
		host.importWorkflowDir(dir);
		await host.start();
		await host.publish(Object.values(WORKFLOWS).map((w) => w.id));
		// One short run of each opens the store and warms the host before anything is timed.
		for (const wf of Object.values(WORKFLOWS)) await runThroughHost(host, wf, 5);

		const email = {};
		log(`Send Email, SMTP replies delayed ${SMTP_LATENCY_MS} ms, pool of ${POOL_SIZE}:`);
		smtp.reset();
		email.rawPooledNodemailer = await rawPooledNodemailer(smtp, ITEMS);
		log(
			`  raw pooled nodemailer      ${ITEMS} emails  ${email.rawPooledNodemailer.perSecond.toFixed(1)}/s  (load ${email.rawPooledNodemailer.loadAverage.toFixed(1)})`,
		);
		smtp.reset();
		email.package = await measureHost(host, WORKFLOWS.packageEmail, ITEMS);
		if (smtp.messages.length !== ITEMS)
			throw new Error(`the package's Send Email delivered ${smtp.messages.length} of ${ITEMS}`);
		log(
			`  this package's Send Email  ${ITEMS} emails  ${email.package.perSecond.toFixed(1)}/s  (load ${email.package.loadAverage.toFixed(1)})`,
		);
		smtp.reset();
		email.builtin = await measureHost(host, WORKFLOWS.builtinEmail, BUILTIN_ITEMS);
		if (smtp.messages.length !== BUILTIN_ITEMS)
			throw new Error(`n8n's Send Email delivered ${smtp.messages.length} of ${BUILTIN_ITEMS}`);
		log(
			`  n8n's built-in Send Email  ${BUILTIN_ITEMS} emails  ${email.builtin.perSecond.toFixed(1)}/s  (load ${email.builtin.loadAverage.toFixed(1)})`,
		);
		email.ratios = {
			packageToRawPooledNodemailer: email.package.perSecond / email.rawPooledNodemailer.perSecond,
			packageToBuiltin: email.package.perSecond / email.builtin.perSecond,
		};

		const texts = {};
		log(
			`Send SMS, Twilio answers delayed ${TWILIO_LATENCY_MS} ms, ${TEXTS_IN_FLIGHT} in flight, unpaced:`,
		);
		texts.rawTwilioSdk = await rawTwilio(sms, SMS_ITEMS);
		log(
			`  raw twilio SDK             ${SMS_ITEMS} texts   ${texts.rawTwilioSdk.perSecond.toFixed(1)}/s  (load ${texts.rawTwilioSdk.loadAverage.toFixed(1)})`,
		);
		const before = sms.messages.length;
		texts.package = await measureHost(host, WORKFLOWS.packageSms, SMS_ITEMS);
		if (sms.messages.length - before !== SMS_ITEMS)
			throw new Error(
				`the package's Send SMS sent ${sms.messages.length - before} of ${SMS_ITEMS}`,
			);
		log(
			`  this package's Send SMS    ${SMS_ITEMS} texts   ${texts.package.perSecond.toFixed(1)}/s  (load ${texts.package.loadAverage.toFixed(1)})`,
		);
		texts.ratios = {
			packageToRawTwilioSdk: texts.package.perSecond / texts.rawTwilioSdk.perSecond,
		};

		const report = {
			at: new Date().toISOString(),
			machine: { node: process.version, cpus: os.cpus().length, load: os.loadavg() },
			settings: {
				ITEMS,
				BUILTIN_ITEMS,
				SMS_ITEMS,
				SMTP_LATENCY_MS,
				TWILIO_LATENCY_MS,
				POOL_SIZE,
				TEXTS_IN_FLIGHT,
			},
			email,
			texts,
		};
		fs.writeFileSync(path.join(OUT, 'throughput.json'), JSON.stringify(report, null, 2));
		log('Ratios:');
		log(
			`  Send Email / raw pooled nodemailer   ${email.ratios.packageToRawPooledNodemailer.toFixed(2)}  (target >= 0.67)`,
		);
		log(
			`  Send Email / n8n's built-in          ${email.ratios.packageToBuiltin.toFixed(1)}x (target >= 10)`,
		);
		log(`  Send SMS / raw twilio SDK            ${texts.ratios.packageToRawTwilioSdk.toFixed(2)}`);
		log("n8n's memory (main process RSS, peak during the run):");
		for (const [name, r] of [
			['Send Email', email.package],
			["n8n's Send Email", email.builtin],
			['Send SMS', texts.package],
		]) {
			log(
				`  ${name.padEnd(18)} ${r.n8nRssBeforeMb.toFixed(0)} -> ${r.n8nRssPeakMb.toFixed(0)} MB, +${r.n8nPeakGrowthMbPer1000Items.toFixed(1)} MB per 1,000 items`,
			);
		}
		log(`Written to ${path.relative(PROJECT_ROOT, path.join(OUT, 'throughput.json'))}`);
	} catch (error) {
		log(`n8n log tail:\n${host.logTail(3000)}`);
		throw error;
	} finally {
		await host.stop();
		await smtp.stop();
		await sms.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
