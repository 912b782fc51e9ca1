// The workspace endpoint under a burst of provider callbacks, against n8n's own Webhook node on the
// same host in the same run. Each set-up (one n8n process with the store on SQLite, then on
// PostgreSQL; queue mode with one and with two webhook processes) takes the same burst twice, at 50
// requests in flight: once at the endpoint, once at a bare Webhook workflow (n8n's fastest
// production path, which saves an execution per request). The burst: a "Hi" and a "STOP" from each of
// 500 new numbers at the same moment, Twilio's sent and delivered reports for 250 texts, Mailgun and
// SendGrid delivery events for 100 emails each, and 200 open-pixel loads, all signed as the
// providers sign them; meanwhile a person's Inbox pages (the sign-in page and the task queue) load
// every 200 ms. Printed: both rates, their ratio, p50/p99 per kind, the Inbox's p50/p99, and the
// store's statements per request. After each endpoint burst the workspace is checked: every request
// answered, one contact per number, every number opted out, every text and event recorded once.
//
// `npm run bench:endpoint`. Settings (environment): BENCH_MODES (sqlite,postgres,queue),
// BENCH_NUMBERS (500), BENCH_TEXTS (250), BENCH_EMAILS (100 per provider), BENCH_PIXELS (200),
// BENCH_IN_FLIGHT (50), BENCH_INBOX_EVERY_MS (200), BENCH_TARGETS (endpoint,bare),
// BENCH_CENSUS (30 requests of each kind, one at a time, for statements per request; 0 skips),
// BENCH_EXPRESSION_ISOLATES (lazy or eager, see hostSettings.js),
// BENCH_CPU_PROF=1 (a CPU profile of the serving process during each burst, summarised and written
// to test-artifacts/bench/endpoint/). A benchmark, not a test: it fails only when a run fails or
// a property above does not hold.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8nInstalled, packPackage, PROJECT_ROOT } = require('../support/n8nHost');
const { MailgunDouble, SendGridDouble } = require('../support/emailProviderDoubles');
const stacks = require('./endpoint/stacks');
const traffic = require('./endpoint/traffic');
const workspace = require('./endpoint/workspace');
const { Profiler } = require('./endpoint/profiler');
const profileSummary = require('./profile-summary');
const { ISOLATES } = require('./hostSettings');

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const list = (name, fallback) => (process.env[name] || fallback).split(',').filter(Boolean);
const SETTINGS = {
	modes: list('BENCH_MODES', 'sqlite,postgres,queue'),
	targets: list('BENCH_TARGETS', 'endpoint,bare'),
	numbers: env('BENCH_NUMBERS', 500),
	texts: env('BENCH_TEXTS', 250),
	emails: env('BENCH_EMAILS', 100),
	pixels: env('BENCH_PIXELS', 200),
	inFlight: env('BENCH_IN_FLIGHT', 50),
	inboxEveryMs: env('BENCH_INBOX_EVERY_MS', 200),
	census: env('BENCH_CENSUS', 30),
	profile: process.env.BENCH_CPU_PROF === '1',
};
const OUT = path.join(PROJECT_ROOT, 'test-artifacts', 'bench', 'endpoint');
const ENDPOINT = '/webhook/aesthetix';
const log = (line = '') => process.stdout.write(`${line}\n`);
const TWILIO = { accountSid: `AC${'1'.repeat(32)}`, authToken: 'bench-twilio-auth-token' };
/** New numbers for every burst: US numbers of ten digits, as Twilio sends them. */
let nextNumber = 0;
const newNumber = () => `+1555${String(nextNumber++).padStart(7, '0')}`;

const ok = {
	twilioInbound: (a) => a.status === 200,
	twilioStatus: (a) => a.status === 204,
	provider: (a) => a.status === 200,
	pixel: (a) => a.status === 200 && /image\/gif/.test(a.headers?.['content-type'] ?? ''),
	bare: (a) => a.status === 200,
	page: (a) => a.status === 200 && /<form|<main|<html/i.test(a.body),
};

/** The burst for one run: each request with its kind, its path under the endpoint and its check. */
function burst(publicBaseUrl, seeded, providers) {
	const signed = (route) => `${publicBaseUrl}${ENDPOINT}/${route}`;
	const numbers = Array.from({ length: SETTINGS.numbers }, newNumber);
	const request = (kind, route, check, made) => ({ kind, route, ok: check, ...made });
	const texts = numbers.map((from) =>
		['Hi', 'STOP'].map((body) =>
			request(
				`inbound text ${body}`,
				'twilio/inbound',
				ok.twilioInbound,
				traffic.inboundText(
					signed('twilio/inbound'),
					TWILIO.authToken,
					TWILIO.accountSid,
					from,
					body,
				),
			),
		),
	);
	const report = (status) =>
		seeded.texts.map((t) => [
			request(
				`status ${status}`,
				'twilio/status',
				ok.twilioStatus,
				traffic.messageStatus(
					signed('twilio/status'),
					TWILIO.authToken,
					TWILIO.accountSid,
					t.messageId,
					t.recipient,
					status,
				),
			),
		]);
	const mailgunEmails = seeded.emails.slice(0, SETTINGS.emails);
	const sendgridEmails = seeded.emails.slice(SETTINGS.emails, 2 * SETTINGS.emails);
	const openedEmails = seeded.emails.slice(0, SETTINGS.pixels);
	const requests = traffic.interleave([
		{ groups: texts },
		{ groups: report('sent'), to: 0.5 },
		// Twilio reports delivery seconds after `sent`: the second half of the burst.
		{ groups: report('delivered'), from: 0.5 },
		{
			groups: mailgunEmails.map((e) => [
				request(
					'mailgun event',
					'email/mailgun/events',
					ok.provider,
					traffic.mailgunEvent(providers.mailgun, e, 'delivered'),
				),
			]),
		},
		{
			groups: sendgridEmails.map((e) => [
				request(
					'sendgrid event',
					'email/sendgrid/events',
					ok.provider,
					traffic.sendgridEvent(providers.sendgrid, e, 'delivered'),
				),
			]),
		},
		{
			groups: openedEmails.map((e) => [
				request('open pixel', `email/open?t=${encodeURIComponent(e.openToken)}`, ok.pixel, {
					method: 'GET',
					headers: {},
				}),
			]),
		},
	]);
	return {
		expected: { numbers, texts: seeded.texts, mailgunEmails, sendgridEmails, openedEmails },
		endpoint: requests.map((r) => ({ ...r, path: `${ENDPOINT}/${r.route}` })),
		// The same requests, bodies and headers at n8n's own Webhook node.
		bare: requests.map((r) => ({
			...r,
			path: `/webhook/${stacks.BARE_PATH}${r.route.includes('?') ? r.route.slice(r.route.indexOf('?')) : ''}`,
			ok: ok.bare,
		})),
	};
}

/** Signs in to the Inbox as the benchmark's team user; returns the pages a person keeps opening. */
async function inboxPages(base, store) {
	const user = await workspace.ensureInboxUser(store);
	const login = await traffic.send(base, {
		method: 'GET',
		path: `${ENDPOINT}/inbox/login`,
		headers: {},
	});
	const formCookie = (login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
	const csrf = /name="csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? '';
	const signedIn = await traffic.send(base, {
		method: 'POST',
		path: `${ENDPOINT}/inbox/login`,
		headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie },
		body: new URLSearchParams({ csrf, email: user.email, password: user.password }).toString(),
	});
	const session = (signedIn.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
	if (signedIn.status !== 303 || !session)
		throw new Error(
			`signing in to the Inbox answered ${signedIn.status}: ${signedIn.body.slice(0, 300)}`,
		);
	return [
		{
			kind: 'inbox sign-in page',
			method: 'GET',
			path: `${ENDPOINT}/inbox/login`,
			headers: {},
			ok: ok.page,
		},
		{
			kind: 'inbox task queue',
			method: 'GET',
			path: `${ENDPOINT}/inbox`,
			headers: { cookie: session },
			ok: ok.page,
		},
	];
}

function readStatements(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return { statements: 0, ms: 0, transactions: 0 };
	}
}

/** The serving processes' store totals, read after their counters have had time to write. */
async function statementTotals(serving) {
	await new Promise((r) => setTimeout(r, 1200));
	return serving.reduce(
		(sum, s) => {
			const t = readStatements(s.statementsFile);
			return {
				statements: sum.statements + t.statements,
				ms: sum.ms + t.ms,
				transactions: sum.transactions + t.transactions,
			};
		},
		{ statements: 0, ms: 0, transactions: 0 },
	);
}

/**
 * CPU seconds the n8n processes have used (user and system, from /proc): what a request costs the
 * machine whatever else shares it, where the rate also depends on the neighbours' load.
 */
function cpuSeconds(hosts) {
	let ticks = 0;
	for (const host of hosts) {
		try {
			const fields = fs
				.readFileSync(`/proc/${host.proc.pid}/stat`, 'utf8')
				.split(') ')[1]
				.split(' ');
			// utime and stime, fields 14 and 15 of the line, 12 and 13 after the command name.
			ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			// not running
		}
	}
	return ticks / 100;
}

/** One burst at one target, with the Inbox polled throughout and, when asked, each process profiled. */
async function measure(name, requests, { bases, serving, inboxBase, pages, profileName, hosts }) {
	const profilers = SETTINGS.profile
		? await Promise.all(serving.map((s) => Profiler.attach(s.inspectorPort)))
		: [];
	await Promise.all(profilers.map((p) => p.start()));
	const before = await statementTotals(serving);
	const loadBefore = os.loadavg()[0];
	const cpuBefore = cpuSeconds(hosts);
	const stopInbox = traffic.pollInbox(inboxBase, pages, SETTINGS.inboxEveryMs);
	const { results, seconds } = await traffic.fire(requests, { bases, inFlight: SETTINGS.inFlight });
	const inbox = await stopInbox();
	const cpu = cpuSeconds(hosts) - cpuBefore;
	const profiles = await Promise.all(profilers.map((p) => p.stop()));
	profilers.forEach((p) => p.close());
	const after = await statementTotals(serving);
	const failed = results.filter((r) => !r.ok);
	const outcome = {
		requests: results.length,
		seconds,
		perSecond: results.length / seconds,
		all: traffic.latency(results),
		byKind: traffic.byKind(results),
		inbox: traffic.latency(inbox),
		inboxByKind: traffic.byKind(inbox),
		store: {
			statementsPerRequest: (after.statements - before.statements) / results.length,
			msPerRequest: (after.ms - before.ms) / results.length,
			transactionsPerRequest: (after.transactions - before.transactions) / results.length,
		},
		// The n8n processes' CPU for the burst and the Inbox pages loaded meanwhile, per burst request.
		n8nCpuMsPerRequest: (cpu * 1000) / results.length,
		loadAverage: { before: loadBefore, after: os.loadavg()[0] },
		failures: failed.slice(0, 5),
	};
	log(
		`  ${name.padEnd(9)} ${results.length} requests in ${seconds.toFixed(1)} s: ${outcome.perSecond.toFixed(1)}/s, p50 ${ms(outcome.all.p50)}, p99 ${ms(outcome.all.p99)}; Inbox p50 ${ms(outcome.inbox.p50)}, p99 ${ms(outcome.inbox.p99)} (${inbox.length} pages); n8n CPU ${outcome.n8nCpuMsPerRequest.toFixed(1)} ms a request; load ${loadBefore.toFixed(1)} -> ${outcome.loadAverage.after.toFixed(1)}`,
	);
	if (failed.length)
		log(`    ${failed.length} requests failed, first: ${JSON.stringify(failed[0])}`);
	if (inbox.some((r) => !r.ok)) log(`    ${inbox.filter((r) => !r.ok).length} Inbox pages failed`);
	profiles.forEach((profile, i) => {
		const file = path.join(OUT, `${profileName}-${i + 1}.cpuprofile`);
		fs.writeFileSync(file, JSON.stringify(profile));
		outcome.profile = {
			file: path.relative(PROJECT_ROOT, file),
			...profileSummary.summarize(profile, 12),
		};
		log(`    CPU profile of process ${i + 1}: ${path.relative(PROJECT_ROOT, file)}`);
		profileSummary.print(profileSummary.summarize(profile, 12), (l) => log(`    ${l}`));
	});
	return outcome;
}

const ms = (v) =>
	Number.isFinite(v) ? `${v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`}` : '-';

/**
 * Statements, store time and answer time per request of each kind, sent one at a time to one
 * process: what a request costs on its own, without the burst's queueing.
 */
async function census(base, serving, kinds) {
	const rows = {};
	for (const [kind, requests] of Object.entries(kinds)) {
		const before = readStatements(serving.statementsFile);
		let total = 0;
		for (const r of requests) {
			const answer = await traffic.send(base, r);
			if (!r.ok(answer))
				throw new Error(`census ${kind}: answered ${answer.status} ${answer.body.slice(0, 200)}`);
			total += answer.ms;
		}
		await new Promise((r) => setTimeout(r, 1200));
		const after = readStatements(serving.statementsFile);
		rows[kind] = {
			statements: (after.statements - before.statements) / requests.length,
			storeMs: (after.ms - before.ms) / requests.length,
			answerMs: total / requests.length,
		};
		log(
			`    ${kind.padEnd(20)} ${rows[kind].statements.toFixed(1).padStart(5)} statements, ${rows[kind].storeMs.toFixed(2).padStart(6)} ms in the store, answered in ${rows[kind].answerMs.toFixed(1)} ms`,
		);
	}
	return rows;
}

async function runVariant(stack, variant, tag, store, providers) {
	const bases = variant.serving.map((s) => s.host.baseUrl);
	const seeded = {
		texts: await workspace.sentMessages(store, tag, 'sms', SETTINGS.texts),
		emails: await workspace.sentMessages(
			store,
			tag,
			'email',
			Math.max(2 * SETTINGS.emails, SETTINGS.pixels),
		),
	};
	const pages = await inboxPages(bases[0], store);
	const run = burst(stack.publicBaseUrl, seeded, providers);
	// A few of each kind first: the store opened, the code warm, as on a host that has been up a while.
	const warmTag = 100 + tag;
	const warm = burst(
		stack.publicBaseUrl,
		{
			texts: await workspace.sentMessages(store, warmTag, 'sms', 5),
			emails: await workspace.sentMessages(store, warmTag, 'email', 10),
		},
		providers,
	);
	for (const target of SETTINGS.targets)
		await traffic.fire(
			warm[target].filter((_, i) => i % 5 === 0),
			{ bases, inFlight: 5 },
		);
	const result = { name: variant.name, processes: bases.length };
	log(`${variant.name}:`);
	for (const target of SETTINGS.targets) {
		result[target] = await measure(target === 'bare' ? 'bare n8n' : 'endpoint', run[target], {
			bases,
			serving: variant.serving,
			inboxBase: bases[0],
			pages,
			hosts: stack.processes(),
			profileName: `${variant.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${target}`,
		});
		if (target === 'endpoint') {
			const found = await workspace.problems(store, run.expected);
			result.endpoint.problems = found;
			if (found.length) log(`    the workspace after the burst: ${found.join('; ')}`);
		}
	}
	if (result.endpoint && result.bare) {
		result.ratio = result.endpoint.perSecond / result.bare.perSecond;
		result.cpuRatio = result.bare.n8nCpuMsPerRequest / result.endpoint.n8nCpuMsPerRequest;
		log(
			`  endpoint / bare n8n webhook: ${result.ratio.toFixed(2)} by rate, ${result.cpuRatio.toFixed(2)} by n8n's CPU a request`,
		);
	}
	return result;
}

async function runCensus(stack, variant, tag, store, providers) {
	const base = variant.serving[0].host.baseUrl;
	const n = SETTINGS.census;
	const seeded = {
		texts: await workspace.sentMessages(store, tag, 'sms', n),
		emails: await workspace.sentMessages(store, tag, 'email', 2 * n),
	};
	const saved = { ...SETTINGS };
	Object.assign(SETTINGS, { numbers: n, texts: n, emails: n, pixels: n });
	const run = burst(stack.publicBaseUrl, seeded, providers);
	Object.assign(SETTINGS, saved);
	const of = (kind) => run.endpoint.filter((r) => r.kind === kind);
	const pages = await inboxPages(base, store);
	log(`  one request at a time, ${n} of each, to one process:`);
	return census(base, variant.serving[0], {
		'inbound text Hi': of('inbound text Hi'),
		'inbound text STOP': of('inbound text STOP'),
		'status sent': of('status sent'),
		'mailgun event': of('mailgun event'),
		'sendgrid event': of('sendgrid event'),
		'open pixel': of('open pixel'),
		'inbox sign-in page': Array(n).fill(pages[0]),
		'inbox task queue': Array(n).fill(pages[1]),
		'bare n8n webhook': run.bare.filter((r) => r.kind === 'inbound text Hi'),
	});
}

async function main() {
	fs.mkdirSync(OUT, { recursive: true });
	await ensureN8nInstalled(log);
	const tarball = packPackage(path.join(OUT, 'pack'));
	const providers = { mailgun: new MailgunDouble(), sendgrid: new SendGridDouble() };
	const report = {
		at: new Date().toISOString(),
		machine: { node: process.version, cpus: os.cpus().length, loadAtStart: os.loadavg() },
		settings: { ...SETTINGS, isolates: ISOLATES },
		runs: [],
	};
	log(
		`Load average at start: ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(', ')} (${os.cpus().length} cores); n8n expression isolates ${ISOLATES}`,
	);
	let tag = 1;
	// n8n runs in process groups of its own: an interrupted run must still stop them.
	let running;
	for (const signal of ['SIGINT', 'SIGTERM'])
		process.once(signal, () => {
			log(`${signal}: stopping n8n`);
			Promise.resolve(running?.stop()).finally(() => process.exit(130));
		});
	for (const mode of SETTINGS.modes) {
		const root = path.join(OUT, mode);
		const options = { root, tarball, profile: SETTINGS.profile, twilio: TWILIO, ...providers };
		const stack =
			mode === 'queue'
				? await stacks.queueMode(options)
				: await stacks.singleProcess({ ...options, store: mode });
		running = stack;
		const store = await workspace.open(stack.store);
		try {
			for (const [i, variant] of stack.variants.entries()) {
				const result = await runVariant(stack, variant, tag, store, providers);
				tag += 1;
				if (i === 0 && SETTINGS.census > 0) {
					result.census = await runCensus(stack, variant, 200 + tag, store, providers);
				}
				report.runs.push(result);
			}
		} catch (error) {
			log(`n8n logs:\n${stack.logs()}`);
			throw error;
		} finally {
			await workspace.close();
			await stack.stop();
		}
	}
	report.machine.loadAtEnd = os.loadavg();
	fs.writeFileSync(path.join(OUT, 'endpoint.json'), JSON.stringify(report, null, 2));
	log();
	log('Summary (rates in requests a second; ratio = endpoint / bare n8n webhook):');
	for (const r of report.runs) {
		const e = r.endpoint;
		const b = r.bare;
		log(
			`  ${r.name.padEnd(32)} endpoint ${e ? e.perSecond.toFixed(1).padStart(6) : '     -'}  bare ${b ? b.perSecond.toFixed(1).padStart(6) : '     -'}  ratio ${r.ratio ? r.ratio.toFixed(2) : '-'} (CPU ${r.cpuRatio ? r.cpuRatio.toFixed(2) : '-'})  endpoint p50 ${ms(e?.all.p50)} p99 ${ms(e?.all.p99)}  Inbox p99 ${ms(e?.inbox.p99)}`,
		);
	}
	log(`Written to ${path.relative(PROJECT_ROOT, path.join(OUT, 'endpoint.json'))}`);
	const broken = report.runs.filter(
		(r) => r.endpoint?.problems?.length || r.endpoint?.failures.length || r.bare?.failures.length,
	);
	if (broken.length)
		throw new Error(
			`requests failed or the workspace lost something in: ${broken.map((r) => r.name).join(', ')}`,
		);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
