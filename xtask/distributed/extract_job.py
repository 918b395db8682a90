"""Extract a corpus folder on Ray: a map of `atlas-extract --jsonl` over partitions of the
sorted file list, then `atlas-extract --merge` in partition order into one dataset file.

    python extract_job.py --corpus DIR --extractor PATH/atlas-extract --out dataset.json
    cargo xtask dist --dataset dataset.json --corpus DIR

Without --address (and without RAY_ADDRESS) Ray starts a local cluster on this machine; with
`--address auto` (on a node of a running cluster) or `--address ray://HEAD:10001` the same
script runs the partitions on the cluster's nodes. Nothing has to be installed on the workers
but Ray: each task receives its documents' bytes, the manifest and the extractor binary (Linux
x86_64, built once on the driver) through Ray's object store, runs the CLI in a scratch folder
and returns its JSON lines. The driver holds one partition's output at a time and writes it to
--work; the merge runs on the driver.

The file list follows `atlas_extract::list_documents`, which a normal build reads: files
ending .txt, .md, .html or .htm (any case) sorted by name, symbolic links followed only when
they stay inside the folder. `cargo xtask dist --dataset` checks that the dataset names
exactly the documents it reads, so a listing that drifted would be caught there.

Each CLI run is logged as it finishes (partition, files, seconds, exit code, node) on standard
error and as one JSON line in WORK/runs.jsonl. `cargo xtask test --distributed` runs this on a
synthetic corpus and compares the site's dataset hash with a single-machine build.
"""

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

DOCUMENT_EXTENSIONS = {"txt", "md", "html", "htm"}
# Documents per partition at most (ARCHITECTURE.md, "Growing past one machine"): the
# command line of one CLI run stays well under the kernel's argument limit.
MAX_PARTITION_FILES = 10_000
MIN_PARTITIONS = 4


def list_documents(corpus):
    """The corpus's document names in the order a normal build reads them."""
    root = os.path.realpath(corpus)
    names = []
    for name in os.listdir(corpus):
        # splitext, like Rust's Path::extension, gives ".txt" no extension.
        if os.path.splitext(name)[1][1:].lower() not in DOCUMENT_EXTENSIONS:
            continue
        path = os.path.join(corpus, name)
        if os.path.islink(path):
            target = os.path.realpath(path)
            inside = target.startswith(root + os.sep)
            if not (inside and os.path.isfile(target)):
                log(f"skipped {path}: a link to {target}, outside the folder or not a file")
                continue
        elif not os.path.isfile(path):
            continue
        names.append(name)
    # Rust sorts the paths by their bytes; for names in one folder that is this order.
    names.sort(key=lambda n: n.encode("utf-8", "surrogateescape"))
    return names


def partition(names, n):
    """`names` cut into `n` consecutive runs of nearly equal length (none empty)."""
    n = max(1, min(n, len(names)))
    size, extra = divmod(len(names), n)
    parts, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        parts.append(names[start:end])
        start = end
    return parts


def extract_partition(index, docs, manifest, extractor):
    """Run `atlas-extract --jsonl` on one partition in a scratch folder; its JSON lines and
    how the run went. A Ray task (see `main`); plain Python, so it can be tested alone."""
    node = platform.node()
    with tempfile.TemporaryDirectory(prefix=f"atlas-part-{index:05}-") as scratch:
        exe = os.path.join(scratch, "atlas-extract")
        with open(exe, "wb") as f:
            f.write(extractor)
        os.chmod(exe, 0o755)
        names = []
        for name, data in docs:
            with open(os.path.join(scratch, name), "wb") as f:
                f.write(data)
            names.append(name)
        cmd = [exe, "--jsonl"]
        if manifest is not None:
            with open(os.path.join(scratch, "manifest.toml"), "wb") as f:
                f.write(manifest)
            cmd += ["--manifest", "manifest.toml"]
        # Bare names, run in the scratch folder: short command lines, and document ids (file
        # stems) exactly as in the corpus.
        started = time.monotonic()
        run = subprocess.run(cmd + names, cwd=scratch, capture_output=True, check=False)
        seconds = time.monotonic() - started
    stderr = run.stderr.decode("utf-8", "replace").splitlines()
    warnings = [l for l in stderr if l.startswith(("warning:", "error:", "atlas-extract:"))]
    return {
        "partition": index,
        "files": len(names),
        "first": names[0],
        "last": names[-1],
        "seconds": round(seconds, 3),
        "exit_code": run.returncode,
        "node": node,
        "warnings": len(warnings),
        "stderr_tail": (warnings or stderr)[-20:],
        "lines": run.stdout,
    }


def log(message):
    print(f"extract_job: {message}", file=sys.stderr, flush=True)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", required=True, help="the folder of documents (and manifest.toml)")
    p.add_argument("--extractor", required=True, help="the atlas-extract binary")
    p.add_argument("--out", required=True, help="the dataset file to write")
    p.add_argument("--work", help="where partition outputs and runs.jsonl go (default OUT.parts)")
    p.add_argument(
        "--partitions",
        type=int,
        default=0,
        help=f"how many (default: 2 per CPU of the cluster, at least {MIN_PARTITIONS}, "
        f"at most {MAX_PARTITION_FILES} documents each)",
    )
    p.add_argument("--address", help="a running Ray cluster (default: RAY_ADDRESS, else local)")
    p.add_argument("--num-cpus", type=int, help="CPUs of the local cluster (default: all)")
    p.add_argument("--ray-temp", help="Ray's session folder for a local cluster (default /tmp/ray)")
    return p.parse_args(argv)


def main(argv):
    # Imported here, so the listing and the partitioning can be checked without Ray
    # (`xtask/src/distributed.rs` does, in the default test suite).
    import ray

    args = parse_args(argv)
    started = time.monotonic()
    names = list_documents(args.corpus)
    if not names:
        log(f"{args.corpus}: no documents")
        return 1
    manifest_path = os.path.join(args.corpus, "manifest.toml")
    manifest = read_bytes(manifest_path) if os.path.isfile(manifest_path) else None
    if os.path.isfile(os.path.join(args.corpus, "overlay.toml")):
        log("overlay.toml is not applied here: `cargo xtask dist --dataset` applies it")
    work = args.work or args.out + ".parts"
    os.makedirs(work, exist_ok=True)

    init = {"address": args.address, "logging_level": "WARNING", "log_to_driver": False}
    if args.num_cpus is not None:
        init["num_cpus"] = args.num_cpus
    if args.ray_temp:
        init["_temp_dir"] = os.path.abspath(args.ray_temp)
    ray.init(**init)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    n = args.partitions or max(MIN_PARTITIONS, 2 * cpus)
    n = max(n, math.ceil(len(names) / MAX_PARTITION_FILES))
    parts = partition(names, n)
    log(
        f"{len(names)} documents of {args.corpus} in {len(parts)} partitions on "
        f"{cpus} CPUs (Ray {ray.__version__}, ready in {time.monotonic() - started:.1f} s)"
    )

    task = ray.remote(num_cpus=1, max_retries=2)(extract_partition)
    extractor = ray.put(read_bytes(args.extractor))
    manifest_ref = ray.put(manifest)
    pending = {}
    for i, part in enumerate(parts):
        docs = [(name, read_bytes(os.path.join(args.corpus, name))) for name in part]
        pending[task.remote(i, docs, manifest_ref, extractor)] = i
    part_files = [os.path.join(work, f"part-{i:05}.jsonl") for i in range(len(parts))]
    failed = []
    with open(os.path.join(work, "runs.jsonl"), "w", encoding="utf-8") as runs:
        while pending:
            [done], _ = ray.wait(list(pending), num_returns=1)
            pending.pop(done)
            run = ray.get(done)
            with open(part_files[run["partition"]], "wb") as f:
                f.write(run.pop("lines"))
            runs.write(json.dumps({k: v for k, v in run.items() if k != "stderr_tail"}) + "\n")
            span = run["first"] if run["files"] == 1 else f"{run['first']} … {run['last']}"
            log(
                f"partition {run['partition'] + 1}/{len(parts)}: {run['files']} files "
                f"({span}), {run['seconds']:.1f} s, exit code {run['exit_code']}, "
                f"{run['warnings']} warnings, node {run['node']}"
            )
            if run["exit_code"] != 0:
                failed.append(run)
    ray.shutdown()
    if failed:
        for run in sorted(failed, key=lambda r: r["partition"]):
            log(f"partition {run['partition'] + 1} failed (exit code {run['exit_code']}):")
            for line in run["stderr_tail"] or ["(no output on standard error)"]:
                print(f"    {line}", file=sys.stderr)
        return 1

    merge_started = time.monotonic()
    with open(args.out, "wb") as out:
        merge = subprocess.run(
            [args.extractor, "--merge", *part_files], stdout=out, stderr=subprocess.PIPE, check=False
        )
    merge_seconds = time.monotonic() - merge_started
    for line in merge.stderr.decode("utf-8", "replace").splitlines():
        print(f"    {line}", file=sys.stderr)
    log(
        f"merge of {len(parts)} partitions: {merge_seconds:.1f} s, exit code {merge.returncode}"
    )
    if merge.returncode != 0:
        return 1
    log(f"wrote {args.out} in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
