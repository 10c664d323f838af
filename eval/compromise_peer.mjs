// compromise_peer.mjs - the peer extractor: compromise's people() and organizations() on the
// same cables, written as mentions TSV (doc, entity, type, surface) for eval/score.py.
//
// Usage: node compromise_peer.mjs OUT.tsv FILE...   (each FILE is DOC.txt; DOC names it)
//
// To be fair to a tool that knows nothing of cables, it reads only the body: the lines from
// SUBJECT: on (the routing header above it is addresses, never prose). It gets no
// dictionary; an entity is one (doc, type, normalized text) and every surface is kept.
import fs from 'node:fs';
import path from 'node:path';
import nlp from 'compromise';

const [out, ...files] = process.argv.slice(2);
if (!out || files.length === 0) {
  console.error('usage: node compromise_peer.mjs OUT.tsv FILE...');
  process.exit(1);
}

const clean = (s) =>
  s.replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '')
    .replace(/['\u2019]s$/u, '')
    .trim();

const rows = ['doc\tentity\ttype\tsurface'];
for (const file of files) {
  const doc = path.basename(file).replace(/\.[^.]*$/, '');
  let text = fs.readFileSync(file, 'utf8');
  const at = text.search(/^SUBJECT:/m);
  if (at > 0) text = text.slice(at);
  const d = nlp(text);
  for (const [type, view] of [['PERSON', d.people()], ['ORG', d.organizations()]]) {
    for (const s of view.out('array')) {
      const surface = clean(s);
      if (!surface) continue;
      const id = type + ':' + surface.toLowerCase().normalize('NFD')
        .replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, '-');
      rows.push([doc, id, type, surface].join('\t'));
    }
  }
}
fs.writeFileSync(out, rows.join('\n') + '\n');
