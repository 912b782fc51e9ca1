// The double's /calls page for `npm start`: every call with what was said and played on it, and a
// form to choose how calls are answered (the next call, or every call to a number).
const fs = require('node:fs');
const path = require('node:path');

const esc = (v) =>
	String(v ?? '').replace(
		/[&<>"]/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
	);
const AUDIO = path.join(__dirname, '..', 'audio');

function readForm(req) {
	return new Promise((resolve) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c) => (raw += c));
		req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(raw))));
	});
}

function describe(call) {
	return call.heard
		.map((h) =>
			h.verb === 'Say'
				? `“${h.text}”`
				: h.verb === 'Play'
					? `▶ ${h.url}`
					: h.verb === 'Digits'
						? `pressed ${h.digits}`
						: h.verb,
		)
		.join(' · ');
}

/** Serves /calls, /calls.json, POST /calls/answer and the sample recordings under /recordings/. */
async function callsPage(voice, req, res, url) {
	if (url.pathname.startsWith('/recordings/')) {
		const name = path.basename(url.pathname);
		const file = path.join(AUDIO, name);
		if (!fs.existsSync(file)) return res.writeHead(404).end();
		res.writeHead(200, { 'content-type': name.endsWith('.wav') ? 'audio/wav' : 'audio/mpeg' });
		return res.end(fs.readFileSync(file));
	}
	if (url.pathname === '/calls.json') {
		res.writeHead(200, { 'content-type': 'application/json' });
		return res.end(
			JSON.stringify(voice.calls.map((c) => ({ ...voice.resource(c), heard: c.heard }))),
		);
	}
	if (req.method === 'POST' && url.pathname === '/calls/answer') {
		const form = await readForm(req);
		const script = {
			answer: ['human', 'machine', 'no-answer', 'busy', 'failed'].includes(form.answer)
				? form.answer
				: 'human',
			pressAfter: form.pressAfter === 'never' ? null : Number(form.pressAfter || 1),
			talkSeconds: Number(form.talkSeconds || 30),
		};
		if (form.number?.trim()) voice.answerAs(form.number.trim(), script);
		else voice.answerNextAs(script);
		res.writeHead(303, { location: '/calls' });
		return res.end();
	}
	const rows = [...voice.calls]
		.reverse()
		.map(
			(c) =>
				`<tr><td>${esc(c.date_created)}</td><td>${esc(c.from)} → ${esc(c.to)}</td><td>${esc(c.direction)}</td><td>${esc(c.status)}</td><td>${esc(c.answered_by ?? '')}</td><td>${esc(c.duration)} s</td><td>${esc(describe(c))}</td></tr>`,
		)
		.join('');
	const scripted = [...voice.answers]
		.map(
			([n, s]) =>
				`<li>${esc(n)}: ${esc(s.answer)}, presses after ${esc(s.pressAfter ?? 'never')}</li>`,
		)
		.join('');
	res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
	return res.end(`<!doctype html><meta charset="utf-8"><title>Local calls</title>
		<style>body{font-family:sans-serif;max-width:80rem;margin:2rem auto}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}</style>
		<h1>Calls through the local Twilio double</h1>
		<form method="post" action="/calls/answer">Answer <input name="number" placeholder="the next call, or +15551234567">
		as <select name="answer"><option value="human">a person</option><option value="machine">voicemail</option><option value="no-answer">no answer</option><option value="busy">busy</option></select>,
		pressing a key during whisper <select name="pressAfter"><option>1</option><option>2</option><option>3</option><option value="never">never</option></select>,
		talking <input name="talkSeconds" value="30" size="3"> s <button>Set</button></form>
		<p>Next calls: ${voice.nextAnswers.length ? esc(voice.nextAnswers.map((s) => s.answer).join(', ')) : 'answered by a person who presses a key'}.</p>
		${scripted ? `<ul>${scripted}</ul>` : ''}
		<p>Sample recordings for the voicemail example: <a href="/recordings/reschedule-64k.mp3">/recordings/reschedule-64k.mp3</a></p>
		<table><tr><th>When</th><th>Call</th><th>Leg</th><th>Status</th><th>Answered by</th><th>Duration</th><th>What happened</th></tr>${rows || '<tr><td colspan=7>No calls yet.</td></tr>'}</table>`);
}

module.exports = { callsPage };
