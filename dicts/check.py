#!/usr/bin/env python3
"""Lint the shipped dictionaries (dicts/*.tsv, format in dicts/README.md).

Usage:
  python3 dicts/check.py [DIR]                 lint every *.tsv of DIR (default: this folder)
  python3 dicts/check.py [DIR] --hits CORPUS   also count, per alias, the documents of CORPUS
                                               (a folder of .txt files) where it would match,
                                               with a rough model of the matcher (whole words,
                                               folded case and accents, capitals rule)

Reports lines with a wrong column count, bad types or ids, duplicate ids, an alias (folded:
case-folded, accents stripped, white space collapsed) claimed by two entities, empty aliases,
aliases over 256 bytes, tabs or '|' inside names, unknown flags. Prints entities per type per
file. Exit status 1 when there is any problem.
"""
import collections
import glob
import os
import re
import sys
import unicodedata

TYPES = ("PERSON", "ORG", "AGENCY", "GROUP")
FLAGS = ("anycase", "exact")
MAX_ALIAS = 256
ID_RE = re.compile(r"^(PERSON|ORG|AGENCY|GROUP):[a-z0-9][a-z0-9.\-]*$")


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s.casefold()).strip()


def is_caps(s):
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def load(d):
    problems = []
    entities = []  # (file, line, id, type, name, [aliases], flags)
    files = sorted(glob.glob(os.path.join(d, "*.tsv")))
    for path in files:
        base = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").rstrip("\r")
                where = f"{base}:{n}"
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                cols = line.split("\t")
                if not 3 <= len(cols) <= 5:
                    problems.append(f"{where}: {len(cols)} columns (want 3 to 5)")
                    continue
                while len(cols) < 5:
                    cols.append("")
                id_, typ, name, al, fl = cols
                if typ not in TYPES:
                    problems.append(f"{where}: bad type {typ!r}")
                if not ID_RE.match(id_):
                    problems.append(f"{where}: bad id {id_!r}")
                elif id_.split(":", 1)[0] != typ:
                    problems.append(f"{where}: id {id_!r} does not start with its type {typ}")
                if not name.strip() or name != name.strip():
                    problems.append(f"{where}: empty name or name with outer spaces")
                if "|" in name:
                    problems.append(f"{where}: '|' inside the name")
                aliases = [name]
                if al:
                    for a in al.split("|"):
                        if not a.strip():
                            problems.append(f"{where}: empty alias")
                            continue
                        if a != a.strip():
                            problems.append(f"{where}: alias {a!r} has outer spaces")
                        aliases.append(a.strip())
                flags = [f.strip() for f in fl.split(",") if f.strip()] if fl else []
                for f in flags:
                    if f not in FLAGS:
                        problems.append(f"{where}: unknown flag {f!r}")
                seen = set()
                for a in aliases:
                    if len(a.encode("utf-8")) > MAX_ALIAS:
                        problems.append(f"{where}: alias over {MAX_ALIAS} bytes: {a[:40]!r}...")
                    if "\t" in a:
                        problems.append(f"{where}: tab inside alias {a!r}")
                    fa = fold(a)
                    if fa in seen:
                        problems.append(f"{where}: alias {a!r} repeated within the entry")
                    seen.add(fa)
                entities.append((base, n, id_, typ, name, aliases, flags))
    return files, entities, problems


def check(entities, problems):
    ids = {}
    owners = {}
    for base, n, id_, typ, name, aliases, flags in entities:
        where = f"{base}:{n}"
        if id_ in ids:
            problems.append(f"{where}: duplicate id {id_} (first at {ids[id_]})")
        else:
            ids[id_] = where
        for a in aliases:
            fa = fold(a)
            if fa in owners and owners[fa][0] != id_:
                problems.append(f"{where}: alias {a!r} of {id_} already claimed by "
                                f"{owners[fa][0]} ({owners[fa][1]})")
            else:
                owners.setdefault(fa, (id_, where))
    return problems


SKIP_LINE = re.compile(r"\s*(REF|E\.\s?O\.|TAGS|CLASSIFIED BY|Classified By|SIPDIS)\b")
TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def tokens(text):
    """Tokens of @text as (folded, start, end) on the original string."""
    out = []
    for m in TOKEN.finditer(text):
        out.append((fold(m.group(0)), m.start(), m.end()))
    return out


def hits(entities, corpus):
    """Documents per alias with a rough model of the matcher: whole tokens, leftmost-longest,
    capitals rule (an all-capitals alias matches capitals text or an all-capitals line)."""
    trie = {}
    for _, _, id_, typ, name, aliases, flags in entities:
        for a in aliases:
            caps = ("anycase" not in flags) and (is_caps(a) or "exact" in flags)
            node = trie
            for t, _, _ in tokens(a):
                node = node.setdefault(t, {})
            node.setdefault(None, (id_, a, caps, "exact" in flags))
    count = collections.Counter()
    for path in sorted(glob.glob(os.path.join(corpus, "*.txt"))):
        text = open(path, encoding="utf-8", errors="replace").read()
        k = text.find("SUBJECT:")  # a cable: skip its routing header
        if k > 0:
            text = text[k:]
        seen = set()
        for line in text.split("\n"):
            if SKIP_LINE.match(line):
                continue
            line_caps = not any(c.islower() for c in line)
            tk = tokens(line)
            i = 0
            while i < len(tk):
                node, j, best = trie, i, None
                while j < len(tk) and tk[j][0] in node:
                    node = node[tk[j][0]]
                    j += 1
                    if None in node:
                        id_, a, caps, exact = node[None]
                        span = line[tk[i][1]:tk[j - 1][2]]
                        ok = True
                        if caps and not line_caps:
                            ok = is_caps(span) if not exact else (span == a)
                        if ok:
                            best = (j, id_, a)
                if best:
                    seen.add((best[1], best[2]))
                    i = best[0]
                else:
                    i += 1
        for k in seen:
            count[k] += 1
    return count


def main(argv):
    args = [a for a in argv[1:]]
    corpus = None
    if "--hits" in args:
        k = args.index("--hits")
        corpus = args[k + 1]
        del args[k:k + 2]
    d = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    files, entities, problems = load(d)
    problems = check(entities, problems)
    for p in problems:
        print("PROBLEM", p)
    per = collections.OrderedDict()
    for base, _, _, typ, _, aliases, _ in entities:
        per.setdefault(base, collections.Counter())[typ] += 1
    total = collections.Counter()
    n_alias = sum(len(e[5]) for e in entities)
    print(f"{'file':<22}" + "".join(f"{t:>8}" for t in TYPES) + f"{'total':>8}")
    for base, c in per.items():
        total.update(c)
        print(f"{base:<22}" + "".join(f"{c[t]:>8}" for t in TYPES) + f"{sum(c.values()):>8}")
    print(f"{'ALL':<22}" + "".join(f"{total[t]:>8}" for t in TYPES)
          + f"{sum(total.values()):>8}   ({n_alias} aliases, {len(files)} files)")
    print(f"{len(problems)} problem(s)")
    if corpus:
        c = hits(entities, corpus)
        for (id_, a), n in sorted(c.items(), key=lambda kv: -kv[1]):
            print(f"HITS\t{n}\t{id_}\t{a}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
