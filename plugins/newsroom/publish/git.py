"""Step 7b: publish output/ as the whole tree of a git branch (GitHub Pages style),
with git plumbing in a temporary index: the working tree and current branch are untouched.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path

from newsroom.publish.common import (
    LocalFile,
    PublishError,
    PublishResult,
    compare_files,
    read_output,
)

logger = logging.getLogger(__name__)


def publish_to_git(
    output: Path,
    repo: Path = Path("."),
    branch: str = "gh-pages",
    remote: str = "",
    dry_run: bool = False,
) -> PublishResult:
    """Commit output/ (plus .nojekyll) as the whole tree of `branch`; push if a remote."""
    files = read_output(output)
    ref = f"refs/heads/{branch}"
    destination = f"branch {branch} of {repo}"
    if not repo.is_dir() or _git(repo, "rev-parse", "--git-dir", check=False) is None:
        raise PublishError("not-a-repository", str(repo), "this is not a git repository.")
    if _git(repo, "check-ref-format", ref, check=False) is None:
        raise PublishError("bad-branch", destination, f"{branch!r} is not a valid branch name.")
    if _git(repo, "symbolic-ref", "-q", "HEAD", check=False) == ref:
        raise PublishError(
            "branch-checked-out", destination, "this branch is checked out in the working tree.",
            "Switch to another branch first, or publish to a branch used only for the site.",
        )  # fmt: skip
    parent = _git(repo, "rev-parse", "--verify", "-q", ref + "^{commit}", check=False)
    published = _branch_tree(repo, parent) if parent else {}
    blobs = _hash_blobs(repo, files, write=not dry_run)
    if ".nojekyll" not in blobs:  # GitHub Pages would otherwise skip folders starting with _
        blobs[".nojekyll"] = _git(repo, "hash-object", *([] if dry_run else ["-w"]), "--stdin")
    plan = compare_files({k: f"100644 {oid}" for k, oid in blobs.items()}, published, destination)
    result = PublishResult(plan, dry_run=dry_run, commit=parent)
    if dry_run:
        return result
    if plan.has_changes or not parent:
        tree = _write_tree(repo, blobs)
        message = f"Publish: {len(plan.new)} new, {len(plan.changed)} changed, "
        message += f"{len(plan.deleted)} deleted"
        args = ["commit-tree", tree, "-m", message, *(["-p", parent] if parent else [])]
        result.commit = _git(repo, *args, env=_commit_env(repo))
        _git(repo, "update-ref", "-m", message, ref, result.commit, parent or "")
        result.uploaded, result.deleted = plan.uploads, plan.deleted
    if remote and _git(repo, "push", "--quiet", remote, f"{ref}:{ref}", check=False) is None:
        raise PublishError(
            "push-failed", f"{remote} {branch}", "git push was refused or could not connect.",
            f"The commit is on the local branch; run `git push {remote} {branch}` to see why.",
            result,
        )  # fmt: skip
    return result


def _git(
    repo: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None, check: bool = True
) -> str | None:
    """Run git in repo; its stripped output, or None if it failed and check is False."""
    done = subprocess.run(
        ["git", *args], cwd=repo, input=stdin, capture_output=True, text=True, env=env
    )  # fmt: skip
    if done.returncode == 0:
        return done.stdout.strip()
    if not check:
        return None
    raise PublishError(
        "git-failed", str(repo), f"git {args[0]}: {done.stderr.strip()}",
        "Check that the repository path is a git repository you can write to.",
    )  # fmt: skip


def _branch_tree(repo: Path, commit: str) -> dict[str, str]:
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit) or ""
    entries = {}
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        mode, _kind, oid = meta.split()
        entries[path] = f"{mode} {oid}"
    return entries


def _hash_blobs(repo: Path, files: list[LocalFile], write: bool) -> dict[str, str]:
    """Blob ids of the files as they are (no filters); written to the object store if asked."""
    if not files:
        return {}
    args = ["hash-object", *(["-w"] if write else []), "--no-filters", "--stdin-paths"]
    oids = (_git(repo, *args, stdin="".join(f"{f.path}\n" for f in files)) or "").split()
    return {file.key: oid for file, oid in zip(files, oids, strict=True)}


def _write_tree(repo: Path, blobs: dict[str, str]) -> str:
    with tempfile.TemporaryDirectory(prefix="newsroom-publish-") as folder:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(folder) / "index")}
        lines = "".join(f"100644 {oid}\t{key}\0" for key, oid in sorted(blobs.items()))
        _git(repo, "update-index", "--add", "-z", "--index-info", stdin=lines, env=env)
        return _git(repo, "write-tree", env=env) or ""


def _commit_env(repo: Path) -> dict[str, str]:
    """Dates from SOURCE_DATE_EPOCH, so a rebuild of the same site commits the same id."""
    env = dict(os.environ)
    epoch = env.get("SOURCE_DATE_EPOCH", "")
    if epoch:
        if not epoch.isdigit():
            raise PublishError(
                "bad-source-date-epoch", "SOURCE_DATE_EPOCH", f"{epoch!r} is not whole seconds.",
                "Set it to a Unix timestamp, e.g. `git log -1 --format=%ct`, or unset it.",
            )  # fmt: skip
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{epoch} +0000"
    if _git(repo, "var", "GIT_COMMITTER_IDENT", check=False) is None:  # no identity set
        for role in ("AUTHOR", "COMMITTER"):
            env.setdefault(f"GIT_{role}_NAME", "Newsroom publisher")
            env.setdefault(f"GIT_{role}_EMAIL", "publisher@newsroom.invalid")
    return env
