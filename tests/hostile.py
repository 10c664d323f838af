#!/usr/bin/env python3
"""Writes the hostile-input suite into DIR and prints its manifest: one line per file,
"name<TAB>kind<TAB>expected exit<TAB>what it is". kind is doc (read as a document with the
shipped dictionaries) or dict (loaded with --dict on the seed cable). Usage:
hostile.py SEED DIR [--small] (--small leaves out the files over 1 MB)."""
import os, sys

seed_path, out = sys.argv[1], sys.argv[2]
small = "--small" in sys.argv
seed = open(seed_path, "rb").read()
os.makedirs(out, exist_ok=True)
manifest = []

def doc(name, data, code, what, big=False):
    if big and small:
        return
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    manifest.append((name, "doc", code, what))

def dic(name, data, code, what):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    manifest.append((name, "dict", code, what))

body = b"The Secretariat of Foreign Relations (SRE) met NGOs and UN agencies.\n"
doc("empty.txt", b"", 2, "no bytes")
doc("spaces-only.txt", b"   \n\t\n  \n", 2, "only white space")
doc("nul-middle.txt", seed[:500] + b"\0" + seed[500:], 2, "a NUL byte inside a cable")
doc("nul-start.txt", b"\0\0\0" + body, 2, "NUL bytes first")
doc("utf16le.txt", "\ufeffSecretariat of Foreign Relations".encode("utf-16-le"), 2, "UTF-16 text (NUL bytes)")
doc("truncated-header.txt", seed[:seed.index(b"DE RUEHME") + 14], 0, "cut inside the routing header")
doc("truncated-paragraph.txt", seed[:seed.index(b"2. (SBU)") + 60], 0, "cut inside a paragraph")
cut = seed.index("\u2019".encode()) + 1
doc("truncated-utf8-char.txt", seed[:cut], 0, "cut inside a UTF-8 character")
for name, bad in [("lone-continuation", b"\x80\xbf"), ("truncated-2byte", b"\xc3"),
                  ("truncated-3byte", b"\xe2\x82"), ("truncated-4byte", b"\xf0\x9f\x98"),
                  ("overlong-2byte", b"\xc0\xaf"), ("overlong-3byte", b"\xe0\x80\xaf"),
                  ("overlong-4byte", b"\xf0\x80\x80\xaf"), ("overlong-nul", b"\xc0\x80"),
                  ("surrogate", b"\xed\xa0\x80"), ("above-max", b"\xf4\x90\x80\x80"),
                  ("ff-fe", b"\xff\xfe"), ("five-byte", b"\xf8\x88\x80\x80\x80")]:
    doc(f"utf8-{name}.txt", body.replace(b"SRE", b"SRE" + bad) + bad + body, 0, f"invalid UTF-8: {name}")
doc("latin1.txt", b"La Secretar\xeda de Relaciones Exteriores (SRE) y la PGR.\n", 0, "Latin-1 bytes")
doc("crlf.txt", seed.replace(b"\n", b"\r\n"), 0, "CRLF line ends")
doc("cr-only.txt", seed.replace(b"\n", b"\r"), 0, "CR line ends only")
doc("bom.txt", b"\xef\xbb\xbf" + seed, 0, "a UTF-8 byte-order mark")
doc("u2028.txt", seed.replace(b" ", "\u2028".encode()), 0, "U+2028 for every space")
doc("nbsp.txt", seed.replace(b" ", "\u00a0".encode()), 0, "NBSP for every space")
doc("control-chars.txt", bytes(range(1, 32)) * 100 + body, 0, "control characters")
doc("one-mb-word.txt", b"A" * (1 << 20) + b" " + body, 0, "a 1 MB word", big=True)
doc("million-paragraphs.txt", b"a\n\n" * 1000000 + body, 0, "a million tiny paragraphs", big=True)
doc("many-numbered.txt", b"".join(b"%d. (C) The SRE met NGOs.\n\n" % i for i in range(1, 20001)), 0, "20,000 numbered paragraphs", big=True)
doc("many-entities.txt", b"1. (C) " + b" ".join([b"SRE NGOs IOM UNICEF FBI DEA PGR SEDENA UN agencies"] * 20000) + b"\n", 0, "one paragraph naming 180,000 entities", big=True)
doc("parens.txt", b"(" * 100000 + b"SRE" + b")" * 100000, 0, "100,000 parentheses")
doc("acronym-storm.txt", b"The Secretariat of Foreign Relations (SRE) " * 20000, 0, "20,000 acronym definitions", big=True)
doc("no-spaces-caps.txt", b"SRE" * 300000, 0, "900 KB of capitals without a space")
doc("redactions.txt", b"1. (C) XXXXXXXXXXXX told XXXXXXXXXXXX that XXXXXXXXXXXX (XXXXXXXXXXXX) met.\n" * 500, 0, "redaction markers")
doc("page-breaks-only.txt", b"MEXICO 00006871  002 OF 003\n\nSIPDIS\n" * 200, 0, "only page-break lines")
doc("header-only.txt", seed[seed.index(b"VZCZC"):seed.index(b"1. (SBU)")], 0, "a header and no paragraphs")
doc("subject-forever.txt", b"SUBJECT: " + b"SRE AND NGOS " * 10000 + b"\n", 0, "a 130 KB SUBJECT line")
doc("tags-10k.txt", b"TAGS: " + b"PREL " * 10000 + b"\nSUBJECT: X\n\n1. (C) The SRE.\n", 0, "10,000 TAGS")
doc("unclosed-tag.html", b"<html><body><p>The SRE met NGOs <b", 0, "HTML: an unclosed tag")
doc("nested.html", b"<html><body>" + b"<div>" * 100000 + b"The SRE met NGOs." + b"</div>" * 50, 0, "HTML: 100,000 nested divs")
doc("unclosed-comment.html", b"<html><body><p>The SRE met NGOs.</p><!-- and never closed", 0, "HTML: an unclosed comment")
doc("unclosed-script.html", b"<html><body><p>The SRE met NGOs.</p><script>var x = '<p>IOM</p>';", 0, "HTML: an unclosed script")
doc("entities.html", b"<html><body><p>The SRE &#xFFFFFFFF; &#0; &#55296; &amp &;;; &#x110000; &zzz; &#99999999999; met NGOs &amp; IOM.</p>", 0, "HTML: bad character references")
doc("cable-in-pre.html", b"<html><body><pre>" + seed.replace(b"&", b"&amp;").replace(b"<", b"&lt;") + b"</pre></body></html>", 0, "HTML: a cable inside <pre>")
dic("dict-cr-only.tsv", b"ORG:a\tORG\tAlpha Org\rORG:b\tORG\tBeta Org\r", 2, "a dictionary with CR line ends only (one long line)")
dic("dict-bom-crlf.tsv", b"\xef\xbb\xbfORG:a\tORG\tAlpha Org\r\nORG:b\tORG\tBeta Org\r\n", 0, "BOM and CRLF")
dic("dict-tab-in-name.tsv", b"ORG:a\tORG\tAlpha\tOrg\tX\tY\n", 2, "a tab inside a name (too many columns)")
dic("dict-empty-alias.tsv", b"ORG:a\tORG\tAlpha Org\tA||B\n", 2, "an empty alias")
dic("dict-dup-id.tsv", b"ORG:a\tORG\tAlpha Org\nORG:a\tORG\tAlpha Again\n", 2, "a duplicate id")
dic("dict-nul.tsv", b"ORG:a\tORG\tAlpha\0Org\n", 2, "a NUL byte")
dic("dict-long-line.tsv", b"ORG:a\tORG\t" + b"A" * 10000 + b"\n", 2, "a 10 KB line")
dic("dict-bad-utf8.tsv", b"ORG:a\tORG\tAlpha \xff Org\n", 2, "invalid UTF-8")
dic("dict-only-comments.tsv", b"# nothing here\n\n# at all\n", 0, "only comments")
dic("dict-punct-alias.tsv", b"ORG:a\tORG\tAlpha Org\t(((|...\n", 2, "an alias of punctuation only")
dic("dict-bad-type.tsv", b"ORG:a\tOrg Type\tAlpha Org\n", 2, "a type that is not an upper-case word")
for m in manifest:
    print("\t".join(str(x) for x in m))
