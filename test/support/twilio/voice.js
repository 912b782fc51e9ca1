// The Voice half of the Twilio double: calls placed through Calls.json ring scripted parties, fetch
// their TwiML from the given URLs (signed, with AnsweredBy when answering machine detection runs),
// and play it out: <Say>, <Play>, <Pause>, <Gather>, <Redirect>, <Hangup>, and <Dial> to a <Number>
// or a <Conference>. Time on the phone is simulated (a whisper takes 3 s, a beep-to-hangup voicemail
// the length of the <Play>), so a test runs in well under a second per call.
const crypto = require('node:crypto');
const { parseTwiml } = require('./twiml');

/**
 * How a number answers. `ringSeconds` past the call's Timeout is a no-answer; `pressAfter` is the
 * whisper (counted across <Gather>s) during which a person presses a key, null for never.
 */
const DEFAULT_ANSWER = { answer: 'human', ringSeconds: 5, pressAfter: 1, talkSeconds: 30 };
const SAY_SECONDS = 3;
const PLAY_SECONDS = 12;
const STEP_MS = 5;
/** How long (real time) a lone party waits in a conference for someone to join. */
const LONE_CONFERENCE_MS = 10_000;

const sid = () => 'CA' + crypto.randomBytes(16).toString('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TERMINAL = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

class VoiceSimulator {
	constructor(double) {
		this.double = double;
		this.calls = [];
		this.answers = new Map();
		this.nextAnswers = [];
		this.rooms = new Map();
		this.errors = [];
		this.waiters = [];
	}

	reset() {
		this.calls = [];
		this.answers.clear();
		this.nextAnswers = [];
		this.rooms.clear();
		this.errors = [];
	}

	/** Scripts how calls to this number are answered (see DEFAULT_ANSWER). */
	answerAs(number, script) {
		this.answers.set(number, { ...DEFAULT_ANSWER, ...script });
	}

	/** The next call placed (to any number) is answered this way: the demo page's choice. */
	answerNextAs(script) {
		this.nextAnswers.push({ ...DEFAULT_ANSWER, ...script });
	}

	scriptFor(number, leg) {
		if (leg === 'api' && this.nextAnswers.length) return this.nextAnswers.shift();
		return this.answers.get(number) ?? DEFAULT_ANSWER;
	}

	/** The Call resource as Twilio's API returns it. */
	resource(call) {
		const fields = [
			'sid',
			'account_sid',
			'to',
			'from',
			'direction',
			'parent_call_sid',
			'status',
			'answered_by',
			'duration',
			'date_created',
			'end_time',
		];
		return Object.fromEntries(fields.map((key) => [key, call[key] ?? null]));
	}

	/** POST Calls.json: checked like Twilio's API, answered with 201 at once, then the call plays out. */
	create(form) {
		const problem = this.double.shapeProblem('CreateCall', form);
		if (problem) return { status: 400, code: 21000, problem };
		if (!form.Url && !form.Twiml && !form.ApplicationSid)
			return { status: 400, code: 21205, problem: 'Url parameter is required.' };
		if (form.Timeout !== undefined && (Number(form.Timeout) < 1 || Number(form.Timeout) > 600)) {
			return { status: 400, code: 21000, problem: 'Parameter Timeout must be between 1 and 600' };
		}
		const call = this.newCall({
			to: form.To,
			from: form.From,
			direction: 'outbound-api',
			timeout: Number(form.Timeout ?? 60),
			machineDetection: form.MachineDetection ?? null,
			statusCallback: form.StatusCallback ?? null,
			events: [].concat(form.StatusCallbackEvent ?? []).flatMap((e) => String(e).split(' ')),
			script: this.scriptFor(form.To, 'api'),
		});
		const start = form.Url ? { url: form.Url } : { twiml: form.Twiml };
		this.play(call, start).catch((error) =>
			this.errors.push({ call: call.sid, error: error.message }),
		);
		return { status: 201, body: this.resource(call) };
	}

	/** POST Calls/{Sid}.json: hang up (Status) or redirect (Url, Twiml) a live call. */
	update(callSid, form) {
		const call = this.calls.find((c) => c.sid === callSid);
		if (!call)
			return {
				status: 404,
				code: 20404,
				problem: `The requested resource /Calls/${callSid}.json was not found`,
			};
		const problem = this.double.shapeProblem('UpdateCall', form);
		if (problem) return { status: 400, code: 21000, problem };
		if (form.Status && !TERMINAL.includes(call.status)) {
			call.ended_by_api = form.Status;
			this.hangUp(call);
		} else if ((form.Url || form.Twiml) && !TERMINAL.includes(call.status)) {
			call.redirect = form.Url ? { url: form.Url } : { twiml: form.Twiml };
			this.hangUp(call, true);
		}
		return { status: 200, body: this.resource(call) };
	}

	newCall({
		to,
		from,
		direction,
		timeout,
		machineDetection,
		statusCallback,
		events,
		script,
		parent,
	}) {
		const call = {
			sid: sid(),
			account_sid: this.double.accountSid,
			to,
			from,
			direction,
			parent_call_sid: parent ?? null,
			status: 'queued',
			answered_by: null,
			duration: '0',
			timeout,
			machine_detection: machineDetection,
			status_callback: statusCallback,
			status_callback_event: events,
			date_created: new Date().toUTCString(),
			ended_by_api: null,
			sequence: 0,
			seconds: 0,
			heard: [],
			script,
		};
		this.calls.push(call);
		this.notify();
		return call;
	}

	/** A live call is interrupted: it hangs up, or (with `redirect`) moves to new TwiML. */
	hangUp(call, redirect = false) {
		call.hangup = redirect ? 'redirect' : 'hangup';
		call.room?.leave(call);
	}

	/** Rings, answers as scripted, then runs the call's TwiML to its end. */
	async play(call, start) {
		await sleep(STEP_MS);
		await this.progress(call, 'initiated', 'queued');
		await this.progress(call, 'ringing', 'ringing');
		if (call.hangup) return this.finish(call, 'canceled');
		const { answer, ringSeconds } = call.script;
		if (answer === 'busy' || answer === 'failed') return this.finish(call, answer);
		if (answer === 'no-answer' || ringSeconds > call.timeout) {
			call.rang_seconds = call.timeout;
			return this.finish(call, 'no-answer');
		}
		call.rang_seconds = ringSeconds;
		call.status = 'in-progress';
		if (call.machine_detection) {
			call.answered_by =
				answer === 'machine'
					? call.machine_detection === 'DetectMessageEnd'
						? 'machine_end_beep'
						: 'machine_start'
					: 'human';
		}
		await this.progress(call, 'answered', 'in-progress');
		let next = start;
		const extra = call.answered_by
			? { AnsweredBy: call.answered_by, MachineDetectionDuration: '2400' }
			: {};
		while (next && call.hangup !== 'hangup') {
			let doc;
			try {
				doc =
					next.twiml !== undefined
						? { xml: next.twiml, url: call.documentUrl }
						: await this.fetchTwiml(call, next.url, next.method, { ...extra, ...next.extra });
			} catch (error) {
				// Twilio says "an application error has occurred" and hangs up.
				this.errors.push({ call: call.sid, error: error.message });
				call.heard.push({ verb: 'Error', text: 'An application error has occurred' });
				break;
			}
			if (call.hangup === 'hangup') break;
			next = await this.run(call, doc);
			if (call.hangup === 'redirect') {
				next = call.redirect;
				call.hangup = undefined;
			}
		}
		return this.finish(call, 'completed');
	}

	/** Requests TwiML from the package as Twilio does: a signed form POST with the call's fields. */
	async fetchTwiml(call, url, method = 'POST', extra = {}) {
		const absolute = new URL(url, call.documentUrl ?? undefined).toString();
		const params = { ...this.callParams(call), ...extra };
		if (method.toUpperCase() !== 'POST') throw new Error('The double fetches TwiML with POST only');
		const res = await this.double.postSigned(absolute, params);
		call.documentUrl = absolute;
		if (res.status !== 200)
			throw new Error(
				`TwiML request to ${absolute} answered ${res.status}: ${res.body.slice(0, 200)}`,
			);
		return { xml: res.body, url: absolute };
	}

	callParams(call) {
		const params = {
			AccountSid: call.account_sid,
			CallSid: call.sid,
			From: call.from,
			To: call.to,
			CallStatus: call.status,
			Direction: call.direction,
			ApiVersion: '2010-04-01',
		};
		if (call.parent_call_sid) params.ParentCallSid = call.parent_call_sid;
		return params;
	}

	/**
	 * Runs one TwiML document. Returns where the call goes next ({ url } or { twiml }), or undefined
	 * when the document ran out or hung up.
	 */
	async run(call, doc) {
		let response;
		try {
			response = parseTwiml(doc.xml);
		} catch (error) {
			this.errors.push({ call: call.sid, error: error.message, twiml: doc.xml });
			call.heard.push({ verb: 'Error', text: 'An application error has occurred' });
			return undefined;
		}
		call.twiml = [...(call.twiml ?? []), doc.xml];
		for (const verb of response.children) {
			if (call.hangup) return undefined;
			await sleep(STEP_MS);
			switch (verb.name) {
				case 'Play':
					await this.fetchMedia(call, verb.text.trim());
					this.hear(call, verb);
					break;
				case 'Say':
				case 'Pause':
					this.hear(call, verb);
					break;
				case 'Gather': {
					const digits = this.gather(call, verb);
					if (digits)
						return {
							url: verb.attrs.action ?? doc.url,
							method: verb.attrs.method,
							extra: { Digits: digits },
						};
					call.seconds += Number(verb.attrs.timeout ?? 5);
					if (verb.attrs.actionOnEmptyResult === 'true')
						return { url: verb.attrs.action ?? doc.url, method: verb.attrs.method };
					break;
				}
				case 'Redirect':
					return { url: verb.text.trim(), method: verb.attrs.method };
				case 'Hangup':
				case 'Reject':
					call.heard.push({ verb: verb.name });
					return undefined;
				case 'Dial': {
					const result = await this.dial(call, verb);
					if (verb.attrs.action)
						return { url: verb.attrs.action, method: verb.attrs.method, extra: result };
					break;
				}
				default:
					this.errors.push({ call: call.sid, error: `The double does not play <${verb.name}>` });
					return undefined;
			}
		}
		return undefined;
	}

	/** Twilio downloads a <Play> file with a plain GET before playing it. */
	async fetchMedia(call, url) {
		try {
			const res = await fetch(url);
			const bytes = Buffer.from(await res.arrayBuffer());
			call.media = [
				...(call.media ?? []),
				{ url, status: res.status, contentType: res.headers.get('content-type'), bytes },
			];
		} catch (error) {
			this.errors.push({
				call: call.sid,
				error: `<Play> ${url} could not be fetched: ${error.message}`,
			});
		}
	}

	hear(call, verb) {
		if (verb.name === 'Say') {
			const loops = Math.max(1, Number(verb.attrs.loop ?? 1));
			for (let i = 0; i < loops; i++) call.heard.push({ verb: 'Say', text: verb.text.trim() });
			call.seconds += SAY_SECONDS * loops;
		} else if (verb.name === 'Play') {
			call.heard.push({ verb: 'Play', url: verb.text.trim(), after: call.answered_by });
			call.seconds += PLAY_SECONDS;
		} else {
			call.seconds += Number(verb.attrs.length ?? 1);
		}
	}

	/** Plays a <Gather>'s prompts; a person presses "1" during the scripted whisper, a machine never. */
	gather(call, verb) {
		for (const prompt of verb.children) {
			this.hear(call, prompt);
			if (prompt.name !== 'Say') continue;
			call.whispers = (call.whispers ?? 0) + 1;
			const { answer, pressAfter } = call.script;
			if (
				answer === 'human' &&
				pressAfter !== null &&
				pressAfter !== undefined &&
				call.whispers >= pressAfter
			) {
				call.heard.push({ verb: 'Digits', digits: '1' });
				return '1';
			}
		}
		return undefined;
	}

	/** <Dial>: to a <Conference> room, or a new child call to a <Number> bridged when it answers. */
	async dial(call, verb) {
		const [noun] = verb.children;
		if (!noun) return this.dialNumber(call, verb, { name: 'Number', attrs: {}, text: verb.text });
		if (noun.name === 'Conference') {
			const seconds = await this.conference(noun.text.trim(), noun.attrs).join(call);
			return { DialCallStatus: 'completed', DialCallDuration: String(seconds) };
		}
		if (noun.name === 'Number') return this.dialNumber(call, verb, noun);
		this.errors.push({ call: call.sid, error: `The double does not dial <${noun.name}>` });
		return { DialCallStatus: 'failed' };
	}

	async dialNumber(parent, verb, noun) {
		const number = noun.text.trim();
		const child = this.newCall({
			to: number,
			from: verb.attrs.callerId ?? parent.from,
			direction: 'outbound-dial',
			timeout: Number(verb.attrs.timeout ?? 30),
			machineDetection: noun.attrs.machineDetection ?? null,
			statusCallback: noun.attrs.statusCallback ?? null,
			events: (noun.attrs.statusCallbackEvent ?? '').split(' ').filter(Boolean),
			script: this.scriptFor(number, 'dial'),
			parent: parent.sid,
		});
		await this.progress(child, 'initiated', 'queued');
		await this.progress(child, 'ringing', 'ringing');
		const { answer, ringSeconds, talkSeconds } = child.script;
		if (
			answer === 'busy' ||
			answer === 'failed' ||
			answer === 'no-answer' ||
			ringSeconds > child.timeout
		) {
			const status = answer === 'busy' || answer === 'failed' ? answer : 'no-answer';
			await this.finish(child, status);
			return { DialCallStatus: status, DialCallSid: child.sid, DialCallDuration: '0' };
		}
		child.status = 'in-progress';
		await this.progress(child, 'answered', 'in-progress');
		// Twilio bridges on answer; detection on a <Number> reports only to amdStatusCallback, later.
		if (child.machine_detection) {
			child.answered_by = answer === 'machine' ? 'machine_start' : 'human';
			if (noun.attrs.amdStatusCallback) {
				await this.double.postSigned(noun.attrs.amdStatusCallback, {
					CallSid: child.sid,
					AccountSid: child.account_sid,
					AnsweredBy: child.answered_by,
				});
			}
		}
		const seconds = Math.min(talkSeconds, parent.script.talkSeconds);
		child.heard.push({ verb: 'Bridged', with: parent.sid });
		parent.heard.push({ verb: 'Bridged', with: child.sid });
		child.seconds += seconds;
		parent.seconds += seconds;
		await this.finish(child, 'completed');
		return {
			DialCallStatus: 'completed',
			DialCallSid: child.sid,
			DialCallDuration: String(seconds),
		};
	}

	/** A conference room: parties wait alone; two or more talk; one leaving with endConferenceOnExit ends it. */
	conference(name, attrs) {
		let room = this.rooms.get(name);
		if (!room) {
			room = { name, parties: new Map(), log: [] };
			const end = (seconds) => {
				for (const [party, entry] of room.parties) {
					room.parties.delete(party);
					party.room = undefined;
					entry.resolve(seconds);
				}
			};
			room.join = (call) =>
				new Promise((resolve) => {
					call.room = room;
					const lone = setTimeout(() => room.leave(call), LONE_CONFERENCE_MS);
					room.parties.set(call, {
						resolve: (s) => (clearTimeout(lone), resolve(s)),
						endOnExit: attrs.endConferenceOnExit === 'true',
					});
					room.log.push({ joined: call.sid });
					if (room.parties.size >= 2) {
						const parties = [...room.parties.keys()];
						const seconds = Math.min(...parties.map((p) => p.script.talkSeconds));
						for (const p of parties) {
							p.heard.push({
								verb: 'Bridged',
								with: parties
									.filter((o) => o !== p)
									.map((o) => o.sid)
									.join(','),
							});
							p.seconds += seconds;
							p.bridged = true;
						}
						setTimeout(() => end(seconds), STEP_MS * 4);
					}
				});
			room.leave = (call) => {
				const entry = room.parties.get(call);
				if (!entry) return;
				room.parties.delete(call);
				call.room = undefined;
				entry.resolve(0);
				if (entry.endOnExit) end(0);
			};
			this.rooms.set(name, room);
		}
		return room;
	}

	async progress(call, event, status) {
		call.status = status;
		if (call.status_callback && call.status_callback_event.includes(event))
			await this.statusCallback(call);
	}

	async finish(call, status) {
		if (TERMINAL.includes(call.status)) return;
		call.status = status;
		call.duration = String(status === 'completed' ? call.seconds : 0);
		call.end_time = new Date().toUTCString();
		this.notify();
		if (call.status_callback)
			await this.statusCallback(call, {
				CallDuration: call.duration,
				Duration: String(Math.ceil(Number(call.duration) / 60)),
			});
	}

	/** A call status callback, signed, as Twilio sends it for each subscribed event and at the end. */
	async statusCallback(call, extra = {}) {
		const params = {
			...this.callParams(call),
			CallbackSource: 'call-progress-events',
			SequenceNumber: String(call.sequence++),
			Timestamp: new Date().toUTCString(),
			...extra,
		};
		if (call.answered_by && call.direction === 'outbound-api') params.AnsweredBy = call.answered_by;
		try {
			await this.double.postSigned(call.status_callback, params);
		} catch (error) {
			this.errors.push({ call: call.sid, error: `status callback failed: ${error.message}` });
		}
	}

	notify() {
		for (const waiter of [...this.waiters]) waiter();
	}

	/** Resolves when `count` calls have ended (every leg, each with its status callback sent). */
	waitForEnded(count, timeoutMs = 20_000) {
		return new Promise((resolve, reject) => {
			const check = () => {
				const ended = this.calls.filter((c) => TERMINAL.includes(c.status) && c.end_time);
				if (ended.length >= count) {
					this.waiters = this.waiters.filter((w) => w !== check);
					clearTimeout(timer);
					setTimeout(() => resolve(ended), 50);
				}
			};
			const timer = setTimeout(() => {
				this.waiters = this.waiters.filter((w) => w !== check);
				reject(
					new Error(
						`expected ${count} ended calls, saw ${this.calls.filter((c) => c.end_time).length}: ${JSON.stringify(this.errors)}`,
					),
				);
			}, timeoutMs);
			this.waiters.push(check);
			check();
		});
	}
}

module.exports = { VoiceSimulator, DEFAULT_ANSWER };
