"""Step 7: publish output/ to a host: an S3-compatible bucket or a git branch.

Both targets compare output/ with what is already published and change only the
difference. In a bucket, new and changed files go up first (pages last, so a page never
links to a file that is not there yet) and stale files are deleted last of all; a failed
upload stops before any deletion, so the published site stays whole. On a branch, the
whole of output/ becomes one commit, made with git plumbing in a temporary index so the
working tree and the current branch are never touched. A dry run lists the plan and
changes nothing. Knows nothing of Pelican: it publishes any finished build.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

logger = logging.getLogger(__name__)

# Names site_build gives its folders; importing them from there would pull in Pelican.
BUILD_LEFTOVER_PREFIXES = (".output-building-", ".output-retired-")
PREVIEW_FOLDER = "preview"  # where site_build writes previews that show embargoed articles

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".parquet": "application/vnd.apache.parquet",
    ".zip": "application/zip",
    ".wasm": "application/wasm",
}
FEED_TYPES = {
    ".atom.xml": "application/atom+xml; charset=utf-8",
    ".rss.xml": "application/rss+xml; charset=utf-8",
}
BINARY = "application/octet-stream"  # Pagefind's .pf_* and .pagefind files, and anything unknown

SHORT_CACHE = "public, max-age=300"  # pages, feeds, catalogues: new figures show within minutes
DEFAULT_CACHE = "public, max-age=3600"
LONG_CACHE = "public, max-age=86400"  # charts/ and pagefind/ keep their names when they change
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"  # a content hash in the name


@dataclass(eq=False)
class PublishError(Exception):
    """Publishing stopped; says where, why and what to do. `result` is what was done."""

    code: str
    where: str
    message: str
    hint: str = ""
    result: PublishResult | None = None

    def __str__(self) -> str:
        text = f"error[{self.code}] {self.where}: {self.message}"
        return text + (f"\n    fix: {self.hint}" if self.hint else "")


@dataclass(frozen=True)
class LocalFile:
    """One file of output/, named by its POSIX path relative to output/."""

    key: str
    path: Path
    size: int
    md5: str
    sha256: str


@dataclass
class PublishPlan:
    """What publishing changes at a destination; keys are relative to output/."""

    destination: str
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def uploads(self) -> list[str]:
        """New and changed files in upload order: files that link to others after them."""
        return sorted(self.new + self.changed, key=lambda key: (upload_rank(key), key))

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.deleted)

    def describe(self) -> str:
        rows = [("new", k) for k in sorted(self.new)] + [("changed", k) for k in self.changed]
        rows += [("delete", key) for key in self.deleted]
        return "\n".join(f"  {action:<8} {key}" for action, key in rows)


@dataclass
class PublishResult:
    """What a publish did (nothing, for a dry run); `commit` for a git branch."""

    plan: PublishPlan
    dry_run: bool = False
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    commit: str | None = None

    def summary(self) -> str:
        plan = self.plan
        if self.dry_run:
            text = (
                f"Dry run, nothing changed. {plan.destination}: would upload "
                f"{len(plan.uploads)} ({len(plan.new)} new, {len(plan.changed)} changed), "
                f"delete {len(plan.deleted)}; {plan.unchanged} unchanged."
            )
            return text + (f"\n{plan.describe()}" if plan.has_changes else "")
        text = (
            f"Published to {plan.destination}: uploaded {len(self.uploaded)} "
            f"({len(plan.new)} new, {len(plan.changed)} changed), deleted {len(self.deleted)}; "
            f"{plan.unchanged} unchanged."
        )
        return text + (f" Branch at {self.commit[:12]}." if self.commit else "")


def upload_rank(key: str) -> int:
    """Pages go last; feeds, catalogues and Pagefind's entry file just before them."""
    path = PurePosixPath(key)
    if path.suffix == ".html":
        return 2
    top_level_catalogue = len(path.parts) == 1 and path.suffix in (".json", ".jsonld")
    if path.suffix == ".xml" or top_level_catalogue or path.name == "pagefind-entry.json":
        return 1
    return 0


def content_type(key: str) -> str:
    name = PurePosixPath(key).name.lower()
    for ending, kind in FEED_TYPES.items():
        if name.endswith(ending):
            return kind
    return CONTENT_TYPES.get(PurePosixPath(name).suffix, BINARY)


def cache_control(key: str) -> str:
    suffix = PurePosixPath(key).suffix
    if key.startswith("pagefind/") and suffix.startswith(".pf_"):
        return IMMUTABLE_CACHE
    if key.startswith(("pagefind/", "charts/")):
        return LONG_CACHE
    if suffix in (".html", ".xml", ".json", ".jsonld", ".txt"):
        return SHORT_CACHE
    return DEFAULT_CACHE


def read_output(output: Path) -> list[LocalFile]:
    """Every file of a finished build, sorted by key; refuses anything that is not one."""
    root = output.resolve()
    if any(part.startswith(BUILD_LEFTOVER_PREFIXES) for part in root.parts):
        raise PublishError(
            "build-leftover", str(output), "this is a staging folder of a build, not output/.",
            "Publish the output/ folder that a successful build swapped into place.",
        )  # fmt: skip
    if root.name == PREVIEW_FOLDER:
        raise PublishError(
            "preview-build", str(output), "this is a preview build, with embargoed content.",
            "Publish output/ from `invoke build --settings publishconf.py`, never preview/.",
        )  # fmt: skip
    if not (root / "index.html").is_file():
        raise PublishError(
            "not-a-build", str(output), "there is no index.html, so this is not a finished build.",
            "Run `invoke build --settings publishconf.py` and publish its output/.",
        )  # fmt: skip
    try:
        return _walk(root)
    except OSError as error:  # a folder skipped silently would be deleted from the host
        raise PublishError(
            "unreadable", str(error.filename), f"cannot be read: {error.strerror}.",
            "Check the permissions of output/, or rebuild it.",
        ) from None  # fmt: skip


def _walk(root: Path) -> list[LocalFile]:
    files: list[LocalFile] = []
    for folder, subfolders, names in os.walk(root, onerror=_raise):  # never enters symlinks
        here = Path(folder)
        for name in sorted(subfolders):
            if (here / name).is_symlink():
                raise _unsafe(here / name, "is a symlinked folder")
        for name in names:
            path = here / name
            key = path.relative_to(root).as_posix()
            check_key(key)
            if path.is_symlink():
                path = path.resolve()
                if not path.is_relative_to(root) or not path.is_file():
                    raise _unsafe(here / name, "is a symlink to something outside output/")
            elif not path.is_file():
                raise _unsafe(here / name, "is not a regular file")
            files.append(_describe(key, path))
    return sorted(files, key=lambda file: file.key)


def _raise(error: OSError) -> None:
    raise error


def check_key(key: str) -> None:
    """A key is a relative POSIX path: no `..`, no backslash, no control characters."""
    parts = key.split("/")
    unsafe = any(ord(c) < 32 or c in "\\\x7f" for c in key) or key.startswith("/")
    if unsafe or any(part in ("", ".", "..") for part in parts):
        raise PublishError(
            "unsafe-name", repr(key), "this name cannot be published safely as a URL path.",
            "Rename the source file: use letters, digits, '-', '_' and '.' only.",
        )  # fmt: skip


def _unsafe(path: Path, why: str) -> PublishError:
    return PublishError(
        "unsafe-file", str(path), f"{why}; publishing never follows links out of output/.",
        "Rebuild output/ with `invoke build`; a finished build holds only regular files.",
    )  # fmt: skip


def _describe(key: str, path: Path) -> LocalFile:
    md5, sha256, size = hashlib.md5(usedforsecurity=False), hashlib.sha256(), 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            md5.update(chunk)
            sha256.update(chunk)
            size += len(chunk)
    return LocalFile(key, path, size, md5.hexdigest(), sha256.hexdigest())


def _compare(local: dict[str, Any], published: dict[str, Any], destination: str) -> PublishPlan:
    plan = PublishPlan(destination, deleted=sorted(set(published) - set(local)))
    for key in sorted(local):
        if key not in published:
            plan.new.append(key)
        elif local[key] != published[key]:
            plan.changed.append(key)
        else:
            plan.unchanged += 1
    return plan


# S3-compatible bucket


@dataclass(frozen=True)
class S3Target:
    """A bucket, an optional key prefix, an endpoint for non-AWS hosts and a region."""

    bucket: str
    endpoint: str = ""
    prefix: str = ""
    region: str = ""

    def __post_init__(self) -> None:
        if not self.bucket:
            raise PublishError(
                "no-bucket", "s3", "no bucket was given.",
                "Pass --bucket or set NEWSROOM_S3_BUCKET (and NEWSROOM_S3_ENDPOINT if not AWS).",
            )  # fmt: skip
        object.__setattr__(self, "prefix", self.prefix.strip("/"))
        if self.prefix:
            check_key(self.prefix)

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    @property
    def destination(self) -> str:
        where = f"s3://{self.bucket}/{self.prefix + '/' if self.prefix else ''}"
        return where + (f" at {self.endpoint}" if self.endpoint else "")


def s3_client(target: S3Target) -> Any:
    """A boto3 client; credentials come from boto3's usual environment and files."""
    import boto3
    from botocore.config import Config

    config = Config(
        s3={"addressing_style": "path"} if target.endpoint else {},
        retries={"max_attempts": 5, "mode": "standard"},
        # Content-MD5 already guards each upload; extra checksums trip some S3-compatibles.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return boto3.client(
        "s3", endpoint_url=target.endpoint or None, region_name=target.region or None, config=config
    )


def plan_s3(files: list[LocalFile], target: S3Target, client: Any) -> PublishPlan:
    """Compare output/ with the bucket: by size and ETag (MD5), else by stored sha256."""
    from botocore.exceptions import BotoCoreError, ClientError

    start = len(target.key(""))
    published: dict[str, dict[str, Any]] = {}
    try:
        pages = client.get_paginator("list_objects_v2").paginate(
            Bucket=target.bucket, Prefix=target.key("")
        )
        for page in pages:
            for item in page.get("Contents", []):
                if item["Key"][start:]:  # not the folder marker of the prefix itself
                    published[item["Key"][start:]] = item
        local: dict[str, Any] = {}
        for file in files:
            remote = published.get(file.key)
            local[file.key] = remote if remote and _same(file, remote, target, client) else file
    except (BotoCoreError, ClientError) as error:
        raise PublishError(
            "s3-unreachable", target.destination, f"{type(error).__name__}: {error}",
            "Check the bucket name, the endpoint and the credentials (AWS_ACCESS_KEY_ID...).",
        ) from None  # fmt: skip
    return _compare(local, published, target.destination)


def _same(file: LocalFile, remote: dict[str, Any], target: S3Target, client: Any) -> bool:
    if remote["Size"] != file.size:
        return False
    if remote["ETag"].strip('"') == file.md5:  # the ETag of a single-part upload is its MD5
        return True
    head = client.head_object(Bucket=target.bucket, Key=target.key(file.key))
    return head.get("Metadata", {}).get("sha256") == file.sha256


def publish_to_s3(
    output: Path, target: S3Target, dry_run: bool = False, client: Any = None
) -> PublishResult:
    """Upload new and changed files (pages last), then delete stale ones; see the module."""
    from botocore.exceptions import BotoCoreError, ClientError

    files = {file.key: file for file in read_output(output)}
    client = client or s3_client(target)
    plan = plan_s3(list(files.values()), target, client)
    result = PublishResult(plan, dry_run=dry_run)
    if dry_run:
        return result
    for key in plan.uploads:
        file = files[key]
        try:
            with file.path.open("rb") as body:
                client.put_object(
                    Bucket=target.bucket,
                    Key=target.key(key),
                    Body=body,
                    ContentType=content_type(key),
                    CacheControl=cache_control(key),
                    ContentMD5=base64.b64encode(bytes.fromhex(file.md5)).decode("ascii"),
                    Metadata={"sha256": file.sha256},
                )
        except (BotoCoreError, ClientError, OSError) as error:
            raise PublishError(
                "upload-failed", f"{target.destination}{key}", f"{type(error).__name__}: {error}",
                f"Nothing was deleted and the published site is whole ({len(result.uploaded)} "
                "files were uploaded before this one). Fix the cause and publish again.",
                result,
            ) from None  # fmt: skip
        result.uploaded.append(key)
        logger.info("uploaded %s", key)
    for start in range(0, len(plan.deleted), 1000):  # DeleteObjects takes 1000 keys at most
        batch = plan.deleted[start : start + 1000]
        try:
            answer = client.delete_objects(
                Bucket=target.bucket,
                Delete={"Objects": [{"Key": target.key(k)} for k in batch], "Quiet": True},
            )
        except (BotoCoreError, ClientError) as error:
            answer = {"Errors": [{"Key": target.key(batch[0]), "Message": str(error)}]}
        if answer.get("Errors"):
            failed = answer["Errors"][0]
            raise PublishError(
                "delete-failed", f"{target.destination}{failed['Key'][len(target.key('')) :]}",
                failed.get("Message", "could not delete"),
                "Every new file is live; only stale files remain. Publish again to remove them.",
                result,
            ) from None  # fmt: skip
        result.deleted.extend(batch)
        logger.info("deleted %d stale files", len(batch))
    return result


# git branch (GitHub Pages style)


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
    plan = _compare({k: f"100644 {oid}" for k, oid in blobs.items()}, published, destination)
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
