// Benchmarks of a Send Email run's hot paths, on this machine, against the loopback SMTP double:
// a pooled transport shared by every item (what the node does) against a transport per item (what
// n8n's built-in Send Email does), and templates compiled once per run against once per item.
// `npm run bench` builds first; results also go to test-artifacts/bench/send-email.json.
const fs = require('node:fs');
const path = require('node:path');
const Handlebars = require('handlebars');
const { SmtpDouble } = require('../support/smtpDouble');
const { createSmtpTransport } = require('../../dist/providers/smtp');
const { MergeFieldRenderer, buildMergeContext } = require('../../dist/core/merge');

const EMAILS = Number(process.env.BENCH_EMAILS || 300);
const RENDERS = Number(process.env.BENCH_RENDERS || 20000);

const email = (i) => ({
	from: { address: 'hello@glow.test', name: 'Glow Med Spa' },
	to: [{ address: `guest${i}@example.com` }],
	subject: 'Thanks for booking with us',
	html: '<p>Hi Jane, see you Tuesday.</p>',
	text: 'Hi Jane, see you Tuesday.',
});

async function timeIt(work) {
	const start = process.hrtime.bigint();
	const heapBefore = process.memoryUsage().heapUsed;
	await work();
	return {
		ms: Number(process.hrtime.bigint() - start) / 1e6,
		heapDeltaMb: (process.memoryUsage().heapUsed - heapBefore) / 1e6,
	};
}

async function smtpBench(smtp) {
	const config = {
		host: '127.0.0.1',
		port: smtp.port,
		secure: false,
		starttls: 'never',
		poolSize: 5,
		rateLimitPerSecond: 0,
	};
	const results = {};

	smtp.reset();
	const pooled = createSmtpTransport(config);
	results.pooledTransportPerRun = await timeIt(async () => {
		// As many in flight as the pool has connections, as the node sends them.
		let next = 0;
		const lane = async () => {
			while (next < EMAILS) await pooled.send(email(next++));
		};
		await Promise.all(Array.from({ length: config.poolSize }, lane));
	});
	pooled.close();
	results.pooledTransportPerRun.connections = smtp.connections;

	smtp.reset();
	results.transportPerItem = await timeIt(async () => {
		for (let i = 0; i < EMAILS; i++) {
			const own = createSmtpTransport({ ...config, poolSize: 1 });
			await own.send(email(i));
			own.close();
		}
	});
	results.transportPerItem.connections = smtp.connections;

	smtp.reset();
	const limited = createSmtpTransport({ ...config, rateLimitPerSecond: 50 });
	const limitedCount = 100;
	results.rateLimited50PerSecond = await timeIt(async () => {
		await Promise.all(Array.from({ length: limitedCount }, (_, i) => limited.send(email(i))));
	});
	limited.close();
	results.rateLimited50PerSecond.connections = smtp.connections;
	results.rateLimited50PerSecond.emails = limitedCount;
	results.rateLimited50PerSecond.floorMs = (limitedCount / 50 - 1) * 1000;

	for (const [name, r] of Object.entries(results)) {
		const count = r.emails ?? EMAILS;
		r.emailsPerSecond = Math.round((count / r.ms) * 1000);
		r.name = name;
	}
	return results;
}

function renderBench() {
	const source =
		'<p>Hi {{contact.first_name}}, your appointment is {{appointment.start_time}} ({{appointment.only_start_date}}). {{company.name}}</p>';
	const company = { name: 'Glow Med Spa', phone: '+15550001111', time_zone: 'America/New_York' };
	const contexts = Array.from({ length: 200 }, (_, i) =>
		buildMergeContext({
			item: {
				contact: { first_name: `Guest ${i}` },
				appointment: { start_time: '2026-12-01T15:00:00Z' },
			},
			company,
			reputation: {},
		}),
	);
	const results = {};
	const once = new MergeFieldRenderer();
	results.compileOncePerRun = timeSync(() => {
		for (let i = 0; i < RENDERS; i++)
			once.compile(source, 'Message', 'html').render(contexts[i % contexts.length]);
	});
	results.compileOncePerRun.compiled = once.compiledCount;
	results.compilePerItem = timeSync(() => {
		for (let i = 0; i < RENDERS; i++)
			Handlebars.create().compile(source)(contexts[i % contexts.length]);
	});
	for (const r of Object.values(results)) r.rendersPerSecond = Math.round((RENDERS / r.ms) * 1000);
	return results;
}

function timeSync(work) {
	const start = process.hrtime.bigint();
	work();
	return { ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

async function main() {
	const smtp = await new SmtpDouble().start();
	try {
		const report = {
			machine: { node: process.version, cpus: require('node:os').cpus().length },
			smtp: await smtpBench(smtp),
			templates: renderBench(),
		};
		const out = path.join(__dirname, '..', '..', 'test-artifacts', 'bench');
		fs.mkdirSync(out, { recursive: true });
		fs.writeFileSync(path.join(out, 'send-email.json'), JSON.stringify(report, null, 2));
		const line = (s) => process.stdout.write(`${s}\n`);
		line(
			`SMTP, ${EMAILS} emails to the loopback double (a transport per item sends one after another):`,
		);
		for (const r of Object.values(report.smtp)) {
			line(
				`  ${r.name.padEnd(24)} ${r.ms.toFixed(0).padStart(7)} ms  ${String(r.emailsPerSecond).padStart(6)} emails/s  ${r.connections} connections  heap ${r.heapDeltaMb >= 0 ? '+' : ''}${r.heapDeltaMb.toFixed(1)} MB${r.floorMs !== undefined ? ` (rate limit floor ${r.floorMs} ms for ${r.emails})` : ''}`,
			);
		}
		line(`Templates, ${RENDERS} renders:`);
		for (const [name, r] of Object.entries(report.templates)) {
			line(
				`  ${name.padEnd(24)} ${r.ms.toFixed(0).padStart(7)} ms  ${String(r.rendersPerSecond).padStart(8)} renders/s${r.compiled ? `  ${r.compiled} compiled` : ''}`,
			);
		}
	} finally {
		await smtp.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
