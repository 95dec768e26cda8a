#!/usr/bin/env python
"""Quality and speed of the challenge ↔ solution matcher, without a database.

    .venv/bin/python bench/matching.py [--solutions 50000] [--seed 7]

1. Quality on the two labelled sets in bench/matching/, against the same 120 solutions
   (solutions.yaml), graded 0–3: `tuning/` (28 challenges, the set the analyser was tuned on) and
   `heldout/` (20 challenges written separately and never used for tuning; see the README):
   nDCG@5, nDCG@10 and recall@10 (share of the solutions judged ≥ 1 found in the first ten) for
   - a plain keyword baseline: lower-case whitespace tokens (edge punctuation stripped), TF-IDF
     cosine, no accent folding, stemming or synonyms;
   - the same tokens ranked with the matcher's BM25 index (separates the analyser's gain from
     the ranking function's);
   - the Spanish analyser + BM25 only (`Index.search_terms`);
   - the matcher as the site runs it (`Index.match`: text + area + typology + track record).
2. Latency: an index of N synthetic solutions drawn with a fixed seed from the set's analysed
   vocabulary (each one mixes most of the terms of a real solution with terms of others, so
   posting lists are as skewed as a real catalogue's); build time, then per challenge the time
   of what `matches_for_challenge` does apart from its two database queries (analyse the
   challenge, rank, prepare the readable shared concepts): p50 / p95 / max. Target < 100 ms.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "matching"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hublocal.settings.test")

import django  # noqa: E402

django.setup()

from hublocal.core import spanish  # noqa: E402
from hublocal.solutions.index import Document, Index  # noqa: E402

CHALLENGE_FIELDS = ("title", "problem", "affected", "current_process", "constraints", "success")
SOLUTION_FIELDS = ("name", "summary", "problem", "description", "keywords")
_EDGE_PUNCTUATION = ".,;:()[]«»\"'¿?¡!%/"

Ranker = Callable[[dict], list[str]]


SETS = ("tuning", "heldout")


def load_solutions() -> list[dict]:
    return yaml.safe_load((DATA / "solutions.yaml").read_text(encoding="utf-8"))


def load(name: str, solutions: list[dict]) -> tuple[list[dict], dict[str, dict[str, int]]]:
    """The challenges and judgments of one set (`tuning` or `heldout`), checked against the
    shared solutions."""
    challenges = yaml.safe_load((DATA / name / "challenges.yaml").read_text(encoding="utf-8"))
    judgments = yaml.safe_load((DATA / name / "judgments.yaml").read_text(encoding="utf-8"))
    ids = {s["id"] for s in solutions}
    for challenge_id, grades in judgments.items():
        unknown = set(grades) - ids
        if unknown:
            raise SystemExit(f"{challenge_id}: unknown solutions in judgments: {sorted(unknown)}")
    missing = {c["id"] for c in challenges} - set(judgments)
    if missing:
        raise SystemExit(f"{name}: challenges without judgments: {sorted(missing)}")
    return challenges, judgments


def texts(item: dict, fields: tuple[str, ...]) -> list[str]:
    return [str(item.get(f) or "") for f in fields]


# --- rankers --------------------------------------------------------------------------------------


def plain_tokens(text: str) -> list[str]:
    tokens = (t.strip(_EDGE_PUNCTUATION) for t in text.lower().split())
    return [t for t in tokens if t]


def tfidf_ranker(solutions: list[dict]) -> Ranker:
    docs = {s["id"]: Counter(plain_tokens(" ".join(texts(s, SOLUTION_FIELDS)))) for s in solutions}
    df: Counter[str] = Counter()
    for counts in docs.values():
        df.update(counts.keys())
    n = len(docs)
    idf = {t: math.log(n / d) for t, d in df.items()}

    def vector(counts: Counter[str]) -> dict[str, float]:
        vec = {t: (1 + math.log(c)) * idf.get(t, 0.0) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    vectors = {sid: vector(c) for sid, c in docs.items()}

    def rank(challenge: dict) -> list[str]:
        query = vector(Counter(plain_tokens(" ".join(texts(challenge, CHALLENGE_FIELDS)))))
        scored = [(sum(w * vec.get(t, 0.0) for t, w in query.items()), sid) for sid, vec in vectors.items()]
        return [sid for score, sid in sorted(scored, key=lambda x: (-x[0], x[1])) if score > 0]

    return rank


def index_rankers(solutions: list[dict]) -> dict[str, Ranker]:
    numeric = {s["id"]: position for position, s in enumerate(solutions)}
    by_number = {v: k for k, v in numeric.items()}
    plain_index = Index.from_documents(
        Document(id=numeric[s["id"]], terms=plain_tokens(" ".join(texts(s, SOLUTION_FIELDS)))) for s in solutions
    )
    index = Index.from_documents(
        Document(
            id=numeric[s["id"]],
            terms=spanish.document_terms(*texts(s, SOLUTION_FIELDS)),
            area=s["area"],
            typologies=s.get("typologies") or [],
            pilots_done=int(s.get("pilots") or 0),
        )
        for s in solutions
    )
    everything = len(solutions)

    def plain_bm25(challenge: dict) -> list[str]:
        terms = plain_tokens(" ".join(texts(challenge, CHALLENGE_FIELDS)))
        return [by_number[h.solution_id] for h in plain_index.search_terms(terms, limit=everything)]

    def analysed_bm25(challenge: dict) -> list[str]:
        terms = spanish.document_terms(*texts(challenge, CHALLENGE_FIELDS))
        return [by_number[h.solution_id] for h in index.search_terms(terms, limit=everything)]

    def matcher(challenge: dict) -> list[str]:
        terms = spanish.document_terms(*texts(challenge, CHALLENGE_FIELDS))
        hits = index.match(terms, area=challenge["area"], typology=challenge["typology"], limit=everything)
        return [by_number[h.solution_id] for h in hits]

    return {"plain_bm25": plain_bm25, "analysed_bm25": analysed_bm25, "matcher": matcher}


# --- metrics --------------------------------------------------------------------------------------


def ndcg(ranking: list[str], grades: dict[str, int], k: int) -> float:
    dcg = sum((2 ** grades.get(sid, 0) - 1) / math.log2(i + 2) for i, sid in enumerate(ranking[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranking: list[str], grades: dict[str, int], k: int) -> float:
    relevant = {sid for sid, g in grades.items() if g >= 1}
    return len(relevant & set(ranking[:k])) / len(relevant) if relevant else 0.0


def evaluate(rankers: dict[str, Ranker], challenges: list[dict], judgments: dict) -> dict[str, dict]:
    results = {}
    for name, rank in rankers.items():
        rows = []
        for challenge in challenges:
            grades = judgments.get(challenge["id"], {})
            ranking = rank(challenge)
            rows.append((ndcg(ranking, grades, 5), ndcg(ranking, grades, 10), recall(ranking, grades, 10)))
        results[name] = {
            "ndcg5": statistics.mean(r[0] for r in rows),
            "ndcg10": statistics.mean(r[1] for r in rows),
            "recall10": statistics.mean(r[2] for r in rows),
            "per_challenge_ndcg5": [r[0] for r in rows],
        }
    return results


# --- latency --------------------------------------------------------------------------------------


def synthetic_documents(solutions: list[dict], count: int, seed: int) -> list[Document]:
    rng = random.Random(seed)
    analysed = [spanish.document_terms(*texts(s, SOLUTION_FIELDS)) for s in solutions]
    vocabulary = sorted({t for terms in analysed for t in terms})
    areas = sorted({s["area"] for s in solutions})
    typology_choices = [[], [], ["metropolitana", "mayor"], ["rural_semiurbana"], ["urbana_mediana", "mayor"]]
    documents = []
    for i in range(count):
        base = rng.choice(analysed)
        terms = rng.sample(base, k=max(1, int(len(base) * rng.uniform(0.5, 0.9))))
        for _ in range(rng.randint(1, 2)):
            other = rng.choice(analysed)
            terms += rng.sample(other, k=min(len(other), rng.randint(3, 12)))
        terms += rng.choices(vocabulary, k=rng.randint(2, 10))
        documents.append(
            Document(
                id=i + 1,
                terms=terms,
                area=rng.choice(areas),
                typologies=rng.choice(typology_choices),
                pilots_done=rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 8]),
                organization_id=rng.randint(1, count // 8 or 1),
            )
        )
    return documents


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(challenges: list[dict], solutions: list[dict], count: int, seed: int) -> dict:
    documents = synthetic_documents(solutions, count, seed)
    postings = sum(len(set(d.terms)) for d in documents)
    started = time.perf_counter()
    index = Index.from_documents(documents)
    build = time.perf_counter() - started
    del documents
    # What a web process does instead of building: load the stored form (solutions.MatcherIndex).
    blob = index.to_bytes()
    started = time.perf_counter()
    loaded = Index.from_bytes(blob)
    load_s = time.perf_counter() - started
    query = spanish.document_terms(*texts(challenges[0], CHALLENGE_FIELDS))
    assert loaded.match(query, limit=10) == index.match(query, limit=10)
    index = loaded
    timings = []
    for _round in range(3):
        for challenge in challenges:
            fields = texts(challenge, CHALLENGE_FIELDS)
            started = time.perf_counter()
            terms = spanish.document_terms(*fields)
            hits = index.match(terms, area=challenge["area"], typology=challenge["typology"], limit=10)
            display = spanish.display_forms(*fields)
            shared = [[display.get(t, t) for t in h.shared_terms[:8]] for h in hits]
            timings.append((time.perf_counter() - started) * 1000)
            assert len(hits) == 10 and all(shared), challenge["id"]
    startup = []
    for organization_id in range(1, 51):
        started = time.perf_counter()
        for challenge in challenges:
            index.match(
                spanish.document_terms(*texts(challenge, CHALLENGE_FIELDS)),
                area=challenge["area"],
                typology=challenge["typology"],
                limit=1,
                organization_id=organization_id,
            )
        startup.append((time.perf_counter() - started) * 1000)
    search = []
    for query in ("patentes comerciales", "reclamos oirs", "camaras de seguridad", "licencias medicas", "reciclaje"):
        started = time.perf_counter()
        index.search(query, limit=50)
        search.append((time.perf_counter() - started) * 1000)
    return {
        "solutions": len(index),
        "terms": len(index.postings),
        "postings": postings,
        "build_s": build,
        "blob_mb": len(blob) / 1e6,
        "load_s": load_s,
        "match": timings,
        "startup": startup,
        "search": search,
    }


LABELS = {
    "baseline_tfidf": "Keyword baseline (whitespace tokens, TF-IDF cosine)",
    "plain_bm25": "Whitespace tokens + BM25 index",
    "analysed_bm25": "Spanish analyser + BM25 (text only)",
    "matcher": "Matcher (text + area + typology + track record)",
}


def quality(name: str, solutions: list[dict], rankers: dict[str, Ranker]) -> dict[str, dict]:
    """Print the quality table of one set; only aggregates (the held-out set is never inspected
    challenge by challenge when tuning)."""
    challenges, judgments = load(name, solutions)
    graded = sum(len(g) for g in judgments.values())
    print(f"\n### {name}: {len(challenges)} challenges, {len(solutions)} solutions, {graded} graded pairs\n")
    results = evaluate(rankers, challenges, judgments)
    print("| ranking | nDCG@5 | nDCG@10 | recall@10 |")
    print("|---|---:|---:|---:|")
    for ranker, r in results.items():
        print(f"| {LABELS[ranker]} | {r['ndcg5']:.3f} | {r['ndcg10']:.3f} | {r['recall10']:.3f} |")
    base = results["baseline_tfidf"]["per_challenge_ndcg5"]
    mine = results["matcher"]["per_challenge_ndcg5"]
    better = sum(m > b + 1e-9 for m, b in zip(mine, base, strict=True))
    worse = sum(m < b - 1e-9 for m, b in zip(mine, base, strict=True))
    equal = len(mine) - better - worse
    gain = results["matcher"]["ndcg5"] - results["baseline_tfidf"]["ndcg5"]
    print(f"\nMatcher vs baseline: nDCG@5 {gain:+.3f}; per challenge better {better}, worse {worse}, equal {equal}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solutions", type=int, default=50_000, help="synthetic catalogue size for latency")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quality-only", action="store_true", help="skip the latency part")
    args = parser.parse_args()

    solutions = load_solutions()
    rankers: dict[str, Ranker] = {"baseline_tfidf": tfidf_ranker(solutions), **index_rankers(solutions)}
    for name in SETS:
        quality(name, solutions, rankers)
    if args.quality_only:
        return

    challenges = [c for name in SETS for c in load(name, solutions)[0]]
    print(f"\nLatency at {args.solutions:,} synthetic solutions (seed {args.seed}), pure Python, one process:")
    lat = latency(challenges, solutions, args.solutions, args.seed)
    match, startup, search = lat["match"], lat["startup"], lat["search"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"- index: {lat['terms']:,} distinct terms, {lat['postings']:,} postings, built in {lat['build_s']:.2f} s"
        f" (process peak RSS {peak_mb:.0f} MB, synthetic documents included);"
        f" stored form {lat['blob_mb']:.1f} MB, loaded in {lat['load_s'] * 1000:.0f} ms"
    )
    print("| operation | runs | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for label, values in (
        ("matches for a challenge (analyse + rank top 10 + readable terms)", match),
        (f"matches for a startup ({len(challenges)} open challenges, its solutions only)", startup),
        ("catalogue search box (top 50)", search),
    ):
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(f"| {label} | {len(values)} | {p50:.1f} | {p95:.1f} | {max(values):.1f} |")
    p95 = percentile(match, 0.95)
    verdict = "meets" if p95 < 100 else "MISSES"
    print(f"\nTarget < 100 ms per challenge at {args.solutions:,} solutions: {verdict} (p95 {p95:.1f} ms)")


if __name__ == "__main__":
    main()
