// Time zones in which it is a given local hour right now, so Calling Hours tests pass at any time of day.

/** An Etc/GMT zone whose local hour is now `hour` (0-23). Etc/GMT-3 is UTC+3, as the tz database writes it. */
function zoneAtLocalHour(hour, now = new Date()) {
	const offset = ((hour - now.getUTCHours() + 36) % 24) - 12; // -12..11
	if (offset === 0) return 'Etc/GMT';
	return `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

module.exports = { zoneAtLocalHour };
