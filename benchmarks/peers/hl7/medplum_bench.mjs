// Parses the benchmark ORU^R01 with @medplum/core and reads the same values as RadAssist's ParseAndReadValues
// benchmark. @medplum/core returns values as written: it does not decode escape sequences.
import { readFileSync } from 'node:fs';

// @medplum/core 5 reads the global WebSocket when it loads, which Node.js has only from version 22; the parser does
// not use it, so an empty class is enough on older Node.js.
globalThis.WebSocket ??= class {};
const { Hl7Message } = await import('@medplum/core');

const packageFile = new URL('./node_modules/@medplum/core/package.json', import.meta.url);
const version = JSON.parse(readFileSync(packageFile, 'utf8')).version;
const text = readFileSync(new URL('./oru-r01-1500.hl7', import.meta.url), 'utf8');
const parses = 100000;

function parseAndRead() {
  const message = Hl7Message.parse(text);
  const msh = message.getSegment('MSH');
  const pid = message.getSegment('PID');
  const obr = message.getSegment('OBR');
  let total = msh.getField(9).toString().length + msh.getField(10).toString().length + msh.getField(12).toString().length;
  total += pid.getField(3).getComponent(1).length + pid.getField(5).getComponent(1).length + pid.getField(7).toString().length;
  total += obr.getField(3).getComponent(1).length + obr.getField(4).getComponent(2).length;
  total += obr.getField(25).toString().length + obr.getField(31).toString().length;
  for (const obx of message.getAllSegments('OBX')) {
    total += obx.getField(5).toString().length;
  }
  return total;
}

for (let i = 0; i < 2000; i++) {
  parseAndRead();
}

const start = process.hrtime.bigint();
for (let i = 0; i < parses; i++) {
  parseAndRead();
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  `@medplum/core ${version}: ${Math.round(parses / seconds)} parses per second with values read, escapes not decoded ` +
  `(${Buffer.byteLength(text)} bytes, ${parses} parses, node ${process.version})`);
