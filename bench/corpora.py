"""bench/corpora.py: the corpora scripts/bench measures, how each is given to lantern-index and to
omindex (the same HTML and XML files), and the synthetic corpora of scripts/gen-corpus (generated
once into the data folder, reused while their stamp matches)."""
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from measure import BenchError, timed

KINDS = (".html", ".htm", ".xhtml", ".xml", ".pdf", ".docx", ".odt")  # what lantern-index reads (core/extract/source_scan.cpp)
SHARED_PARTS = ("medquad", "mmwr", "psychonautwiki")


@dataclass
class Corpus:
    key: str                      # bundled, shared, synthetic-100000: names its work folder and doc subsection
    label: str                    # how tables name it
    dirs: list                    # folders given to lantern-index (each becomes a source)
    mappings: list                # XML mapping files for lantern-index
    omindex_dir: Path = None      # the folder omindex walks (a hard-linked copy when dirs hold other files)
    omindex_follow: bool = False  # the copy is made of symlinks (hard links failed): omindex needs -f
    files: int = 0
    input_bytes: int = 0
    notes: list = field(default_factory=list)


def scan(dirs, skip=()):
    """The files lantern-index would read under dirs: (count, bytes, relative paths by dir)."""
    count, size, found = 0, 0, {}
    for d in dirs:
        rels = []
        for root, subdirs, names in os.walk(d):
            subdirs[:] = sorted(s for s in subdirs if not s.startswith(".") and os.path.join(root, s) not in skip)
            for n in names:
                if n.startswith(".") or not n.lower().endswith(KINDS):
                    continue
                p = os.path.join(root, n)
                count += 1
                size += os.stat(p).st_size
                rels.append(os.path.relpath(p, d))
        found[d] = rels
    return count, size, found


def stage(corpus, found, stage_dir):
    """omindex takes one folder and indexes every file in it; copy just the files lantern-index reads
    into stage_dir/<source>/ as hard links (no data copied), or as symlinks across file systems."""
    shutil.rmtree(stage_dir, ignore_errors=True)
    for d, rels in found.items():
        top = stage_dir / Path(d).name
        for rel in rels:
            dst = top / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            src = os.path.join(d, rel)
            try:
                os.link(src, dst)
            except OSError:
                os.symlink(os.path.abspath(src), dst)
                corpus.omindex_follow = True
    corpus.omindex_dir = stage_dir


def bundled(root, work):
    c = Corpus("bundled", "corpus/ (bundled)", [str(root / "corpus")],
               [str(root / "examples/mappings/lantern-article.toml"), str(root / "examples/mappings/cms-export.toml")])
    c.files, c.input_bytes, found = scan(c.dirs, skip={str(root / "corpus/queries")})
    stage(c, found, work / "bundled" / "stage")
    return c


def shared(root, work):
    base = root / ".." / "shared" / "corpora"  # not resolved: the tables show it as ../shared/corpora
    if not base.is_dir():
        return None
    c = Corpus("shared", "../shared/corpora", [str(base / p) for p in SHARED_PARTS],
               [str(root / "examples/mappings/medquad.toml")])
    c.files, c.input_bytes, found = scan(c.dirs)
    stage(c, found, work / "shared" / "stage")
    return c


def generator_version(root):
    m = re.search(r"^GENERATOR_VERSION = (\d+)", (root / "scripts" / "gen-corpus").read_text(), re.M)
    return int(m.group(1))


def synthetic(root, data_dir, count, seed, log_path):
    """The synthetic corpus of `count` articles, generated unless a matching one is there. Returns
    (Corpus, generation Run or None when reused)."""
    out = data_dir / f"synthetic-{count}-seed{seed}"
    stamp = Path(str(out) + ".stamp")
    want = f"gen-corpus version={generator_version(root)} seed={seed} count={count} "
    gen_run = None
    if not (stamp.exists() and stamp.read_text().startswith(want) and out.is_dir()):
        shutil.rmtree(out, ignore_errors=True)
        stamp.unlink(missing_ok=True)
        data_dir.mkdir(parents=True, exist_ok=True)
        print(f"bench: generating {count:,} synthetic articles into {out} (once; reused later)", flush=True)
        gen_run = timed([str(root / "scripts" / "gen-corpus"), str(out), str(count), "--seed", str(seed)], log_path)
    m = re.search(r"bytes=(\d+)", stamp.read_text())
    c = Corpus(f"synthetic-{count}", f"synthetic {count:,} (seed {seed})", [str(out)],
               [str(root / "examples/mappings/lantern-article.toml")], omindex_dir=out)
    c.files, c.input_bytes = count, int(m.group(1))
    return c, gen_run


def lantern_build_cmd(root, lantern_index, corpus, db):
    """lantern-index build as a librarian would run it on these folders. --ignore-robots because
    omindex -i ignores robots meta tags too (every psychonautwiki page says noindex)."""
    cmd = [lantern_index, "build", "--db", str(db), "--quiet", "--ignore-robots",
           "--thesaurus", str(root / "corpus/thesaurus"), "--safety-panel", str(root / "corpus/safety-panel.toml")]
    for m in corpus.mappings:
        cmd += ["--mapping", m]
    return cmd + corpus.dirs


def omindex_cmd(corpus, db):
    """omindex as its documentation suggests, with -S (spelling data, as Lantern keeps) and .xml read as HTML."""
    cmd = ["omindex", "-i", "-S", "--db", str(db), "--url", "/", "-Mxml:text/html"]
    if corpus.omindex_follow:
        cmd.append("-f")
    return cmd + [str(corpus.omindex_dir)]


def live_paths(db):
    """The folders of the live release: the Xapian stub file `current` lists them ("auto PATH" lines)."""
    current = Path(db) / "current"
    if not current.exists():
        return [str(db)]
    paths = [str(Path(db) / line.split(None, 1)[1].strip()) for line in current.read_text().splitlines()
             if line.strip() and not line.startswith("#") and len(line.split(None, 1)) == 2]
    return paths or [str(db)]


def lantern_documents(lantern_index, db):
    out = subprocess.run([lantern_index, "stats", "--db", str(db), "--json"], stdout=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise BenchError(f"lantern-index stats --db {db} failed")
    return int(json.loads(out.stdout)["documents"])


def xapian_documents(db):
    out = subprocess.run(["xapian-delve", str(db)], stdout=subprocess.PIPE, text=True)
    m = re.search(r"number of documents = (\d+)", out.stdout)
    if out.returncode != 0 or not m:
        raise BenchError(f"xapian-delve {db} failed")
    return int(m.group(1))
