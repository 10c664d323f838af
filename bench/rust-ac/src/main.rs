//! ac_count - the Rust aho-corasick peer of bench/run, with the rules of hs_count.c:
//! every line of DICT a caseless literal, every overlapping match found with a DFA, kept
//! when its neighbours are not word bytes ([A-Za-z0-9_]), then the leftmost-longest
//! non-overlapping selection. stdout: the number selected; stderr: timings.
//! Usage: ac_count DICT CORPUS
use aho_corasick::AhoCorasickBuilder;
use std::time::Instant;

fn word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: ac_count DICT CORPUS");
        std::process::exit(2);
    }
    let dict = std::fs::read(&args[1]).expect("cannot read DICT");
    let patterns: Vec<&[u8]> = dict
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.is_empty())
        .collect();
    let t0 = Instant::now();
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .dfa(true)
        .build(&patterns);
    let t1 = Instant::now();
    let text = std::fs::read(&args[2]).expect("cannot read CORPUS");
    let t2 = Instant::now();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut raw = 0u64;
    for m in ac.find_overlapping_iter(&text) {
        raw += 1;
        let (s, e) = (m.start(), m.end());
        if (s == 0 || !word(text[s - 1])) && (e == text.len() || !word(text[e])) {
            spans.push((s, e));
        }
    }
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut selected = 0u64;
    let mut last_end = 0usize;
    for (s, e) in &spans {
        if *s >= last_end {
            selected += 1;
            last_end = *e;
        }
    }
    let t3 = Instant::now();
    eprintln!(
        "ac_count: {} patterns, build {:.2} s, read {:.2} s, scan {:.2} s, raw {}, word {}, selected {}",
        patterns.len(),
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64(),
        (t3 - t2).as_secs_f64(),
        raw,
        spans.len(),
        selected
    );
    println!("{}", selected);
}
