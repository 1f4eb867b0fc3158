"""Single-document recognition per document, compared between two commits on the very same files.

``bench.quality`` prints aggregates; two runs of it at different commits can differ because the
corpus code rendered other files, or because the document count differed. This script renders the
files once, lets each commit's own pipeline classify exactly those files through the evaluation
contract (``tasks.ingest.evaluate.classify_files``, the same call ``bench.quality`` makes), and
lists every document whose outcome changed. It imports only what every commit since issue 12 has
(no ``bench.quality.setup_database``), so it runs from outside the checked-out tree::

    git worktree add --detach /tmp/wt_before <commit>; git worktree add --detach /tmp/wt_after <commit>
    # 1. render once (any tree whose corpus renders the same files; python -P keeps bench/ off sys.path)
    cd /tmp/wt_after && PYTHONPATH=. .venv/bin/python -P /work/main/bench/quality_diff.py render \\
        --out /tmp/qa_files --seed 4242,777,9001 --formats text --docs 100
    # 2. classify in each tree (its own migrations, matcher, OCR), one JSON line per document
    cd /tmp/wt_before && PYTHONPATH=. python -P /work/main/bench/quality_diff.py classify \\
        --files /tmp/qa_files --out /tmp/qa_before.jsonl
    cd /tmp/wt_after && PYTHONPATH=. python -P /work/main/bench/quality_diff.py classify \\
        --files /tmp/qa_files --out /tmp/qa_after.jsonl
    # 3. compare: bench.quality's figures for both, then each document whose outcome differs
    python bench/quality_diff.py compare /tmp/qa_before.jsonl /tmp/qa_after.jsonl

``render --corpus singles`` renders instead the two- and three-page single documents of the stack
corpus (``bench.stacks``'s ``single`` stacks; their truth in the same ``truth.json``): the world
corpus's documents are all one page, which the splitter and the ``mixed_cases`` guard (pages about
different cases) never act on. Render them into another folder and classify into other files.

``classify`` takes ``--formats`` and ``--seed`` to do part of the rendered set; its output file is
appended to and the documents this commit already answered there are skipped, so a long run can be
done in pieces and resumed. An outcome is (sender, type, case, whether a
clerk is needed and why, number of documents the file was split into).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

POLICY_REVIEW_TYPES = frozenset({"Заявление должника", "Прочее"})
SUFFIX = {"text": "pdf", "image": "pdf", "jpeg": "jpg", "cimage": "pdf", "cjpeg": "jpg"}


def render(out: Path, seeds: list[int], formats: list[str], docs: int, corpus: str = "world") -> None:
    """The world corpus's files as ``bench.quality`` renders them (same names, same render seeds).

    ``corpus="singles"``: instead, the first ``docs`` two- or three-page single documents of
    ``bench.stacks``'s corpus (its ``single`` stacks, pages numbered or not), the documents the
    splitter could cut in two: the world corpus's documents are all one page.
    """
    from tests.corpus.render import text_pdf
    from tests.corpus.world import world_documents
    from tests.corpus.world_render import world_image_pdf, world_jpeg

    renderers = {
        "text": lambda text, _seed: text_pdf(text),
        "image": lambda text, seed: world_image_pdf(text, seed=seed),
        "jpeg": lambda text, seed: world_jpeg(text, seed=seed),
    }
    for seed in seeds:
        folder = out / str(seed)
        folder.mkdir(parents=True, exist_ok=True)
        documents = world_documents(docs, seed=seed) if corpus == "world" else _singles(docs, seed)
        truths = [dataclasses.asdict(truth) for _, truth in documents]
        known = folder / "truth.json"
        if not known.exists() or len(json.loads(known.read_text())) < len(truths):  # prefix-stable
            known.write_text(json.dumps(truths, ensure_ascii=False, default=str, indent=1))
        for fmt in formats:
            for index, (text, _truth) in enumerate(documents):
                path = folder / f"{fmt}-{index:04d}.{SUFFIX[fmt]}"
                path.write_bytes(renderers[fmt](text, seed * 1000 + index))
            print(f"rendered seed {seed} {fmt}: {docs} files in {folder}", flush=True)


def _singles(docs: int, seed: int) -> list[tuple[str, Any]]:
    """(text with a form feed between pages, truth) of the stack corpus's multi-page singles."""
    from tests.corpus.stacks import world_stacks

    found: list[tuple[str, Any]] = []
    n = 4 * docs
    while len(found) < docs:
        stacks = world_stacks(n, seed=seed)  # prefix-stable: a longer list only adds stacks
        found = [(s.text, s.documents[0]) for s in stacks if s.kind == "single" and len(s.pages) > 1]
        n *= 2
    return found[:docs]


def _database(folder: Path, seed: int) -> str:
    """The world CRM of ``bench.quality``: directory and the seed's 200 cases, in a fresh SQLite."""
    from db.engine import make_engine, session_scope
    from tasks.database import upgrade_and_seed
    from tasks.imports import import_cases, import_counterparties
    from tests.corpus.world import world_cases, world_counterparties
    from tests.factories import cases_csv, csv_bytes

    columns = ("name", "kind", "address", "inn", "ogrn", "aliases", "codes")
    url = f"sqlite:///{folder / 'quality.db'}"
    engine = make_engine(url)
    upgrade_and_seed(engine, actor="bench")
    with session_scope(engine) as session:
        import_counterparties(session, csv_bytes(columns, world_counterparties()), actor="bench")
        import_cases(session, cases_csv(world_cases(200, seed=seed)), actor="bench")
    engine.dispose()
    return url


def classify(files: Path, out: Path, seeds: list[int] | None, formats: list[str] | None) -> None:
    """One JSON line per document: this tree's contract answer, its truth and the seconds it took."""
    import subprocess

    from config.runtime import IngestConfig
    from db.engine import make_engine
    from tasks.ingest.evaluate import classify_files

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout
    keep = ("valid", "reason", "sender", "document_type", "case_number", "confidence", "needs_review")
    done = set()  # documents this commit already answered in ``out``: a run resumes where it stopped
    if out.exists():
        rows = (json.loads(line) for line in out.read_text().splitlines() if line.strip())
        done = {(r["seed"], r["file"]) for r in rows if r["commit"] == commit.strip()}
    for folder in sorted(p for p in files.iterdir() if p.is_dir()):
        seed = int(folder.name)
        if seeds and seed not in seeds:
            continue
        truths = json.loads((folder / "truth.json").read_text())
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(_database(Path(tmp), seed))
            config = IngestConfig(processing_dir=Path(tmp), archive_dir=Path(tmp), rejected_dir=Path(tmp))
            for fmt in formats or sorted(SUFFIX):
                rendered = sorted(folder.glob(f"{fmt}-*.{SUFFIX[fmt]}"))
                paths = [path for path in rendered if (seed, path.name) not in done]
                if not paths:
                    continue
                started = time.perf_counter()
                with out.open("a") as sink:
                    for path, answer in zip(paths, classify_files(engine, paths, config=config), strict=True):
                        index = int(path.stem.split("-")[1])
                        row = {key: answer.get(key) for key in keep}
                        row |= {
                            "commit": commit.strip(),
                            "seed": seed,
                            "format": fmt,
                            "file": path.name,
                            "documents": [d.get("pages") for d in answer.get("documents", [])] or None,
                            "identifiers": answer.get("identifiers"),
                            "truth": truths[index],
                        }
                        sink.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                per_doc = (time.perf_counter() - started) / len(paths)
                print(
                    f"{commit.strip()} seed {seed} {fmt}: {len(paths)} files, {per_doc:.2f} s/doc", flush=True
                )
            engine.dispose()


def expected(truth: dict[str, Any]) -> tuple[str, str, str | None]:
    """What a right automatic filing is (as ``bench.quality.expected``): an assignment has no case."""
    case = None if truth["document_type"] == "Договор уступки прав требования" else truth["case_number"]
    return truth["sender"], truth["document_type"], case or None


def figures(rows: list[dict[str, Any]]) -> dict[str, float]:
    """``bench.quality``'s figures for one seed and format."""
    valid = [r for r in rows if r["valid"]]
    auto = [r for r in valid if not r["needs_review"]]
    right = [r for r in auto if (r["sender"], r["document_type"], r["case_number"]) == expected(r["truth"])]
    open_docs = sum(r["truth"]["document_type"] not in POLICY_REVIEW_TYPES for r in rows)
    return {
        "docs": len(rows),
        "no_clerk": len(auto) / len(rows),
        "open": len(auto) / open_docs if open_docs else 1.0,
        "right": len(right) / len(auto) if auto else 1.0,
        "sender": sum(r["sender"] == r["truth"]["sender"] for r in valid) / len(valid) if valid else 1.0,
        "type": sum(r["document_type"] == r["truth"]["document_type"] for r in valid) / len(valid)
        if valid
        else 1.0,
    }


def outcome(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["valid"],
        row["sender"],
        row["document_type"],
        row["case_number"],
        row["needs_review"],
        row["reason"],
        len(row["documents"] or [None]),
    )


def _verdict(row: dict[str, Any]) -> str:
    if not row["valid"]:
        return f"refused ({row['reason']})"
    got = (row["sender"], row["document_type"], row["case_number"])
    mark = "right" if got == expected(row["truth"]) else "WRONG"
    split = f", split into {row['documents']}" if row["documents"] and len(row["documents"]) > 1 else ""
    if row["needs_review"]:
        return f"clerk ({row['reason']}){split}: {got}"
    return f"automatic, {mark}{split}: {got}"


def compare(before: Path, after: Path) -> None:
    """Figures side by side per seed and format, then each document whose outcome changed."""
    runs = []
    for path in (before, after):
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        runs.append({(r["seed"], r["format"], r["file"]): r for r in rows})
    common = sorted(set(runs[0]) & set(runs[1]), key=lambda k: (k[1], k[0], k[2]))
    groups: dict[tuple[int, str], list[tuple[str, int, str]]] = defaultdict(list)
    for key in common:
        groups[(key[0], key[1])].append(key)
    names = ("no_clerk", "open", "right", "sender", "type")
    print("seed  format docs  " + "  ".join(f"{n:>15}" for n in names) + "   (before -> after)")
    for (seed, fmt), keys in sorted(groups.items(), key=lambda g: (g[0][1], g[0][0])):
        a, b = (figures([run[k] for k in keys]) for run in runs)
        cells = "  ".join(f"{a[n]:6.1%}->{b[n]:6.1%}" for n in names)
        print(f"{seed:<5} {fmt:<6} {len(keys):4d}  {cells}")
    changed = [k for k in common if outcome(runs[0][k]) != outcome(runs[1][k])]
    print(f"\n{len(changed)} of {len(common)} documents changed outcome")
    for key in changed:
        old, new = runs[0][key], runs[1][key]
        truth = old["truth"]
        print(f"\n{key[0]} {key[1]} {key[2]}: truth {expected(truth)} ({truth['debtor_full_name']})")
        print(f"  before: {_verdict(old)}")
        print(f"  after:  {_verdict(new)}")
        if old["identifiers"] != new["identifiers"]:
            print(f"  identifiers before {old['identifiers']}\n  identifiers after  {new['identifiers']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    rendering = commands.add_parser("render", help="render the world corpus's files once")
    rendering.add_argument("--out", type=Path, required=True)
    rendering.add_argument("--seed", default="4242,777,9001")
    rendering.add_argument("--formats", default="text")
    rendering.add_argument("--docs", type=int, default=100)
    rendering.add_argument("--corpus", default="world", choices=("world", "singles"))
    classifying = commands.add_parser("classify", help="this tree's answers, one JSON line per document")
    classifying.add_argument("--files", type=Path, required=True)
    classifying.add_argument("--out", type=Path, required=True)
    classifying.add_argument("--seed", default="", help="only these seeds (comma-separated)")
    classifying.add_argument("--formats", default="", help="only these formats (comma-separated)")
    comparing = commands.add_parser("compare", help="figures and changed documents, before vs after")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "render":
        seeds = [int(s) for s in args.seed.split(",")]
        render(args.out, seeds, args.formats.split(","), args.docs, args.corpus)
    elif args.command == "classify":
        only_seeds = [int(s) for s in args.seed.split(",") if s] or None
        only_formats = [f for f in args.formats.split(",") if f] or None
        classify(args.files, args.out, only_seeds, only_formats)
    else:
        compare(args.before, args.after)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
