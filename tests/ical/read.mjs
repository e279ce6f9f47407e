// Reads iCalendar files back with ical.js (not FirstGoal's code), for the calendar export tests:
// each file named on the command line is parsed, and its calendar properties and events are
// printed as one JSON line per file. A file ical.js refuses ends the script with an error.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const start = vevent.getFirstProperty('dtstart');
    const end = vevent.getFirstProperty('dtend');
    return {
      uid: event.uid,
      start: event.startDate.toString(),
      start_type: start.type,
      end: event.endDate.toString(),
      end_type: end?.type ?? null,
      summary: event.summary,
      description: event.description,
      dtstamp: vevent.getFirstPropertyValue('dtstamp')?.toString() ?? null,
    };
  });
  const lines = text.split('\r\n');
  console.log(
    JSON.stringify({
      version: calendar.getFirstPropertyValue('version'),
      prodid: calendar.getFirstPropertyValue('prodid'),
      events,
      longest_line: Math.max(...lines.map((l) => Buffer.byteLength(l, 'utf8'))),
      bare_newlines: text.replace(/\r\n/g, '').includes('\n'),
    }),
  );
}
