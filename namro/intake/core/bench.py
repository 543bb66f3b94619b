"""Scoring extraction against a labelled case file, and timing it.

Pairing. Within one case, an extracted task is paired with a labelled task when their actions
match loosely: the actions are folded (no diacritics, lower case), cut into syllables, and the
Dice overlap of the two syllable sets must reach 0.5 — or one set holds 80% of the other (an
action written with or without its "; báo cáo …" tail, or with "căn cứ …" before it, still
pairs). Candidate pairs are taken greedily by score, where an equal lead adds 1 to the overlap,
so co-led tasks with the same action pair with their own lead. Each task pairs at most once.

Fields. For a field, a paired task counts as correct when: lead — same text ignoring case,
spacing and tone placement; coordinating — the same list in the same way; deadline — the same
ISO date (both null counts); recurrence — equal; output — equal after folding, or one contains
the other (loose, as the conventions say). Precision is correct pairs over extracted tasks,
recall is correct pairs over labelled tasks; "task" itself is the pairing alone. The all-right
rate is the share of labelled tasks paired with an extracted task whose lead, deadline and
recurrence are all correct.

People pair by name (same key); positions are (name, position) pairs compared by key.

Parts. A set can be scored whole ("all") or in two fixed parts: "kept" holds the cases whose
id hashes (SHA-256 of the id, as an integer) to 0 modulo 3, "tune" the rest. Rules are tuned on
"tune" only; "kept" shows whether they generalise. Task cases and people cases split alike.

Dates. A context date written as "YYYY" or "YYYY-MM" (the day not printed) reads as the first
day of that year or month.
Speed: the task extractor runs over every case text, repeated until at least a second has
passed; sentences are counted with the extractor's own splitter.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from . import extract
from .segment import all_sentences
from .tasks import extract_tasks
from .text import Doc, fold, key

FIELDS = ("task", "lead", "coordinating", "deadline", "recurrence", "output")
PARTS = ("all", "tune", "kept")


def in_part(case_id: str, part: str) -> bool:
    """Whether the case ``case_id`` belongs to ``part`` (see the module docstring)."""
    if part == "all":
        return True
    kept = int(hashlib.sha256(case_id.encode("utf-8")).hexdigest(), 16) % 3 == 0
    if part == "kept":
        return kept
    if part == "tune":
        return not kept
    raise ValueError(f"unknown part {part!r}; expected one of {', '.join(PARTS)}")


def context_date(value: str | None) -> date | None:
    """The case's date: "YYYY-MM-DD", or "YYYY-MM" / "YYYY" read as the period's first day."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _syllables(text: str | None) -> set[str]:
    return set(fold(text or "").replace(",", " ").replace(";", " ").split())


def action_similarity(a: str | None, b: str | None) -> float:
    """Loose action overlap: Dice of folded syllable sets, or containment when higher."""
    sa, sb = _syllables(a), _syllables(b)
    if not sa or not sb:
        return 0.0
    common = len(sa & sb)
    dice = 2 * common / (len(sa) + len(sb))
    containment = common / min(len(sa), len(sb))
    return max(dice, 0.5 if containment >= 0.8 else 0.0)


def _same(field: str, got: dict[str, Any], want: dict[str, Any]) -> bool:
    if field == "task":
        return True
    if field == "lead":
        return key(got["lead"] or "") == key(want["lead"] or "")
    if field == "coordinating":
        return [key(u) for u in got["coordinating"]] == [key(u) for u in want["coordinating"]]
    if field == "deadline":
        return bool(got["deadline"] == want.get("deadline_iso"))
    if field == "recurrence":
        return bool(got["recurrence"] == want["recurrence"])
    a, b = fold(got["output"] or ""), fold(want["output"] or "")
    return a == b or bool(a and b and (a in b or b in a))


def pair_tasks(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Greedy pairing of extracted and labelled tasks (see the module docstring)."""
    scored = []
    for i, g in enumerate(got):
        for j, w in enumerate(want):
            similarity = action_similarity(g["action"], w["action"])
            if similarity >= 0.5:
                bonus = 1.0 if key(g["lead"] or "") == key(w["lead"] or "") else 0.0
                scored.append((similarity + bonus, i, j))
    scored.sort(reverse=True)
    used_g: set[int] = set()
    used_w: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_g and j not in used_w:
            used_g.add(i)
            used_w.add(j)
            pairs.append((i, j))
    return pairs


def _prf(correct: int, predicted: int, labelled: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 1.0
    recall = correct / labelled if labelled else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _people_scores(cases: list[tuple[str, list[dict[str, Any]]]]) -> dict[str, dict[str, float]]:
    names = [0, 0, 0]  # correct, predicted, labelled
    positions = [0, 0, 0]
    for text, want in cases:
        got = extract(text).to_dict()["people"]
        got_names = {key(p["name"]) for p in got}
        want_names = {key(p["name"]) for p in want}
        names[0] += len(got_names & want_names)
        names[1] += len(got_names)
        names[2] += len(want_names)
        got_pos = {(key(p["name"]), key(x)) for p in got for x in p["positions"]}
        want_pos = {(key(p["name"]), key(x)) for p in want for x in p["positions"]}
        positions[0] += len(got_pos & want_pos)
        positions[1] += len(got_pos)
        positions[2] += len(want_pos)
    return {"people": _prf(*names), "positions": _prf(*positions)}


def _speed(texts: list[tuple[str, date | None]]) -> float:
    docs = [(Doc.of(text), when) for text, when in texts]
    count = sum(len(all_sentences(doc)) for doc, _ in docs)
    runs = 0
    started = time.perf_counter()
    while True:
        for doc, when in docs:
            extract_tasks(doc, when)
        runs += 1
        elapsed = time.perf_counter() - started
        if elapsed >= 1.0:
            return round(count * runs / elapsed, 1)


def run(
    cases_path: str | Path,
    seed_article_path: str | Path | None = None,
    seed_expected_path: str | Path | None = None,
    *,
    part: str = "all",
) -> dict[str, Any]:
    """Per-field precision/recall/F1, the all-right rate, people scores and speed, over the
    cases of ``part`` ("all", "tune" or "kept"; the seed article only goes with "all")."""
    data = json.loads(Path(cases_path).read_text(encoding="utf-8"))
    task_cases: list[tuple[str, date | None, list[dict[str, Any]]]] = [
        (c["text"], context_date(c.get("context_date")), c["tasks"])
        for n, c in enumerate(data["cases"])
        if in_part(str(c.get("id", n)), part)
    ]
    people_cases: list[tuple[str, list[dict[str, Any]]]] = [
        (c["text"], c["people"])
        for n, c in enumerate(data.get("people_cases", []))
        if in_part(str(c.get("id", f"p{n}")), part)
    ]
    visit_ok: bool | None = None
    if seed_article_path and seed_expected_path and part == "all":
        seed_text = Path(seed_article_path).read_text(encoding="utf-8")
        expected = json.loads(Path(seed_expected_path).read_text(encoding="utf-8"))
        task_cases.append((seed_text, None, expected.get("tasks", [])))
        people_cases.append((seed_text, expected.get("people", [])))
        visit_ok = extract(seed_text).to_dict()["visit"] == expected.get("visit")
    correct = dict.fromkeys(FIELDS, 0)
    predicted = labelled = all_right = 0
    misses: list[dict[str, Any]] = []
    for text, when, want in task_cases:
        got = extract(text, doc_date=when).to_dict()["tasks"]
        predicted += len(got)
        labelled += len(want)
        pairs = pair_tasks(got, want)
        for i, j in pairs:
            for field in FIELDS:
                correct[field] += _same(field, got[i], want[j])
            if all(_same(f, got[i], want[j]) for f in ("lead", "deadline", "recurrence")):
                all_right += 1
            else:
                misses.append({"got": got[i], "want": want[j]})
        paired_got = {i for i, _ in pairs}
        paired_want = {j for _, j in pairs}
        misses.extend({"got": None, "want": w} for j, w in enumerate(want) if j not in paired_want)
        misses.extend({"got": g, "want": None} for i, g in enumerate(got) if i not in paired_got)
    result: dict[str, Any] = {field: _prf(correct[field], predicted, labelled) for field in FIELDS}
    result["all_right_rate"] = round(all_right / labelled, 4) if labelled else 1.0
    result["tasks_predicted"] = predicted
    result["tasks_labelled"] = labelled
    result.update(_people_scores(people_cases))
    result["visit_matches_seed"] = visit_ok
    result["part"] = part
    result["cases"] = len(task_cases)
    result["people_cases"] = len(people_cases)
    result["sentences_per_second"] = _speed([(t, w) for t, w, _ in task_cases])
    result["misses"] = misses
    return result
