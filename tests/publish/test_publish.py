"""Publishing output/: to a real S3 API (moto's server on 127.0.0.1) and to a git branch."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from newsroom.publish.common import (
    BUILD_LEFTOVER_PREFIXES,
    IMMUTABLE_CACHE,
    PublishError,
    PublishPlan,
    cache_control,
    content_type,
    read_output,
)
from newsroom.publish.git import publish_to_git
from newsroom.publish.s3 import S3Target, publish_to_s3, s3_client

SITE = {
    "index.html": "<!doctype html><title>Home</title><a href='news/first/'>News</a>",
    "theme/css/site.css": "body { color: #1f1f1f; }",
    "charts/knife-crime.svg": "<svg xmlns='http://www.w3.org/2000/svg'><title>Chart</title></svg>",
    "charts/knife-crime.csv": "unit,year,value\nGreater Manchester,2023,12\n",
    "news/first/index.html": "<!doctype html><title>First</title><img src='../../charts/x.svg'>",
    "pagefind/fragment/en_1a2b3c4.pf_fragment": "\x00\x01fragment",
}
EXPECTED_TYPES = {
    "index.html": "text/html; charset=utf-8",
    "theme/css/site.css": "text/css; charset=utf-8",
    "charts/knife-crime.svg": "image/svg+xml",
    "charts/knife-crime.csv": "text/csv; charset=utf-8",
    "news/first/index.html": "text/html; charset=utf-8",
    "pagefind/fragment/en_1a2b3c4.pf_fragment": "application/octet-stream",
}


def write_site(root: Path, files: dict[str, str]) -> Path:
    for key, text in files.items():
        (root / key).parent.mkdir(parents=True, exist_ok=True)
        (root / key).write_text(text, encoding="utf-8")
    return root


def change_site(output: Path) -> None:
    """One changed page, one changed chart, one new download, one removed file."""
    (output / "index.html").write_text("<!doctype html><title>Home, updated</title>")
    (output / "charts/knife-crime.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (output / "data").mkdir()
    (output / "data/knife-crime.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (output / "charts/knife-crime.csv").unlink()


CHANGED = ["charts/knife-crime.svg", "index.html"]
NEW = ["data/knife-crime.xlsx"]
DELETED = ["charts/knife-crime.csv"]


# A local S3 API


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory):
    """moto's S3 server as a subprocess on 127.0.0.1, with dummy credentials for boto3."""
    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as env:
        for name, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "NO_PROXY": "127.0.0.1",  # a proxy in the environment must not see these requests
            "no_proxy": "127.0.0.1",
        }.items():
            env.setenv(name, value)
        env.delenv("AWS_SESSION_TOKEN", raising=False)
        env.delenv("AWS_PROFILE", raising=False)
        try:
            deadline = time.monotonic() + 30
            for _attempt in range(150):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto's server did not start (exit code {server.poll()})")
                try:
                    urllib.request.urlopen(endpoint + "/moto-api/", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail("moto's server did not answer in 150 attempts")
            yield endpoint
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
            log.close()


@pytest.fixture
def bucket(s3_endpoint: str, request: pytest.FixtureRequest) -> S3Target:
    """A new, empty bucket for each test."""
    name = request.node.name.replace("_", "-").lower()[:50].strip("-")
    target = S3Target(bucket=name, endpoint=s3_endpoint)
    s3_client(target).create_bucket(Bucket=name)
    return target


def objects(target: S3Target) -> dict[str, bytes]:
    client = s3_client(target)
    listing = client.list_objects_v2(Bucket=target.bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=target.bucket, Key=item["Key"])["Body"].read()
        for item in listing
    }


def files_of(output: Path) -> dict[str, bytes]:
    files = sorted(path for path in output.rglob("*") if path.is_file())
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in files}


def record_calls(client, log: list[tuple[str, str]]) -> None:
    """Appends ("put", key) and ("delete", key) to log as the client makes those calls."""

    def on_put(params, **_):
        log.append(("put", params["Key"]))

    def on_delete(params, **_):
        log.extend(("delete", item["Key"]) for item in params["Delete"]["Objects"])

    client.meta.events.register("before-parameter-build.s3.PutObject", on_put)
    client.meta.events.register("before-parameter-build.s3.DeleteObjects", on_delete)


def test_first_publish_uploads_everything_with_its_content_type(bucket, tmp_path):
    output = write_site(tmp_path / "output", SITE)
    result = publish_to_s3(output, bucket)
    assert sorted(result.uploaded) == sorted(SITE)
    assert result.plan.new == sorted(SITE) and not result.plan.deleted
    assert objects(bucket) == files_of(output)
    client = s3_client(bucket)
    for key, expected in EXPECTED_TYPES.items():
        head = client.head_object(Bucket=bucket.bucket, Key=key)
        assert head["ContentType"] == expected, key
        assert head["Metadata"]["sha256"]
    page = client.head_object(Bucket=bucket.bucket, Key="index.html")
    assert page["CacheControl"] == "public, max-age=300"
    fragment = client.head_object(Bucket=bucket.bucket, Key=next(k for k in SITE if "pf_" in k))
    assert "immutable" in fragment["CacheControl"]
    again = publish_to_s3(output, bucket)
    assert not again.plan.has_changes and again.plan.unchanged == len(SITE)
    assert again.uploaded == [] and again.deleted == []


def test_dry_run_lists_exactly_the_changes_and_changes_nothing(bucket, tmp_path):
    output = write_site(tmp_path / "output", SITE)
    publish_to_s3(output, bucket)
    before = objects(bucket)
    change_site(output)
    result = publish_to_s3(output, bucket, dry_run=True)
    assert (result.plan.new, result.plan.changed, result.plan.deleted) == (NEW, CHANGED, DELETED)
    assert result.uploaded == [] and result.deleted == []
    assert objects(bucket) == before
    summary = result.summary()
    assert "Dry run" in summary
    for key in NEW + CHANGED + DELETED:
        assert key in summary


def test_publish_uploads_changes_pages_last_and_deletes_last_of_all(bucket, tmp_path):
    output = write_site(tmp_path / "output", SITE)
    publish_to_s3(output, bucket)
    change_site(output)
    client, calls = s3_client(bucket), []
    record_calls(client, calls)
    result = publish_to_s3(output, bucket, client=client)
    assert calls == [
        ("put", "charts/knife-crime.svg"),
        ("put", "data/knife-crime.xlsx"),
        ("put", "index.html"),
        ("delete", "charts/knife-crime.csv"),
    ]
    assert result.deleted == DELETED
    assert objects(bucket) == files_of(output)
    head = client.head_object(Bucket=bucket.bucket, Key="data/knife-crime.xlsx")
    assert head["ContentType"].startswith("application/vnd.openxmlformats-officedocument")


def test_failed_upload_leaves_the_published_site_whole_and_deletes_nothing(bucket, tmp_path):
    output = write_site(tmp_path / "output", SITE)
    publish_to_s3(output, bucket)
    before = objects(bucket)
    change_site(output)
    client, calls = s3_client(bucket), []
    record_calls(client, calls)

    def connection_lost(params, **_):
        if params["Key"] == "data/knife-crime.xlsx":
            raise EndpointConnectionError(endpoint_url=bucket.endpoint)

    client.meta.events.register("before-parameter-build.s3.PutObject", connection_lost)
    with pytest.raises(PublishError) as failure:
        publish_to_s3(output, bucket, client=client)
    assert failure.value.code == "upload-failed"
    assert failure.value.where.endswith("data/knife-crime.xlsx")
    assert failure.value.result.uploaded == ["charts/knife-crime.svg"]
    assert failure.value.result.deleted == []
    assert not any(action == "delete" for action, _ in calls)
    after = objects(bucket)
    assert after["index.html"] == before["index.html"]  # the page still links to what it had
    assert {k: after[k] for k in before if k != "charts/knife-crime.svg"} == {
        k: v for k, v in before.items() if k != "charts/knife-crime.svg"
    }  # every object is still there, unchanged but for the one file uploaded before the failure
    recovered = publish_to_s3(output, bucket)  # publishing again finishes the job
    assert recovered.plan.changed == ["index.html"] and recovered.deleted == DELETED
    assert objects(bucket) == files_of(output)


def test_failed_deletion_keeps_every_new_file_and_says_so(bucket, tmp_path):
    output = write_site(tmp_path / "output", SITE)
    publish_to_s3(output, bucket)
    change_site(output)
    client = s3_client(bucket)

    def access_denied(**_):
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "denied"}}, "DeleteObjects")

    client.meta.events.register("before-parameter-build.s3.DeleteObjects", access_denied)
    with pytest.raises(PublishError) as failure:
        publish_to_s3(output, bucket, client=client)
    assert failure.value.code == "delete-failed"
    assert failure.value.where.endswith("charts/knife-crime.csv")
    assert sorted(failure.value.result.uploaded) == sorted(NEW + CHANGED)
    assert objects(bucket) == {**files_of(output), DELETED[0]: SITE[DELETED[0]].encode()}


def test_stored_sha256_decides_when_the_etag_is_not_an_md5(bucket, tmp_path):
    output = write_site(tmp_path / "output", SITE)
    publish_to_s3(output, bucket)
    client = s3_client(bucket)
    local = {file.key: file for file in read_output(output)}
    for key, sha256 in (("index.html", local["index.html"].sha256), ("theme/css/site.css", "0")):
        upload = client.create_multipart_upload(
            Bucket=bucket.bucket, Key=key, Metadata={"sha256": sha256}
        )
        part = client.upload_part(
            Bucket=bucket.bucket, Key=key, UploadId=upload["UploadId"], PartNumber=1,
            Body=(output / key).read_bytes(),
        )  # fmt: skip
        client.complete_multipart_upload(
            Bucket=bucket.bucket, Key=key, UploadId=upload["UploadId"],
            MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
        )  # fmt: skip
        assert "-" in client.head_object(Bucket=bucket.bucket, Key=key)["ETag"]
    plan = publish_to_s3(output, bucket, dry_run=True).plan
    assert plan.changed == ["theme/css/site.css"]


def test_prefix_publishes_under_it_and_leaves_other_keys_alone(bucket, tmp_path):
    client = s3_client(bucket)
    client.put_object(Bucket=bucket.bucket, Key="other/keep.txt", Body=b"not ours")
    client.put_object(Bucket=bucket.bucket, Key="site-old/keep.txt", Body=b"not ours either")
    target = S3Target(bucket=bucket.bucket, endpoint=bucket.endpoint, prefix="/site/")
    output = write_site(tmp_path / "output", SITE)
    publish_to_s3(output, target)
    (output / "charts/knife-crime.csv").unlink()
    result = publish_to_s3(output, target)
    assert result.deleted == ["charts/knife-crime.csv"]
    keys = set(objects(bucket))
    assert keys == {f"site/{k}" for k in files_of(output)} | {
        "other/keep.txt",
        "site-old/keep.txt",
    }


def test_invoke_task_reads_its_settings_from_the_environment(bucket, tmp_path, monkeypatch, capsys):
    from invoke import Context, Exit

    import tasks

    output = write_site(tmp_path / "output", SITE)
    monkeypatch.setattr(tasks, "OUTPUT", output)
    monkeypatch.setenv("NEWSROOM_S3_BUCKET", bucket.bucket)
    monkeypatch.setenv("NEWSROOM_S3_ENDPOINT", bucket.endpoint)
    monkeypatch.setenv("NEWSROOM_S3_PREFIX", "site")
    tasks.publish(Context(), dry_run=True)
    assert "would upload 6 (6 new, 0 changed)" in capsys.readouterr().out
    assert objects(bucket) == {}
    tasks.publish(Context())
    assert set(objects(bucket)) == {f"site/{key}" for key in SITE}
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path / "missing")
    with pytest.raises(Exit, match="output/ is missing"):
        tasks.publish(Context())


@pytest.mark.parametrize(
    ("key", "kind", "cache"),
    [
        ("news/x/index.html", "text/html; charset=utf-8", "public, max-age=300"),
        ("catalog.jsonld", "application/ld+json", "public, max-age=300"),
        ("feeds/all.atom.xml", "application/atom+xml; charset=utf-8", "public, max-age=300"),
        ("sitemap.xml", "application/xml; charset=utf-8", "public, max-age=300"),
        ("data/x/1.0.0/x.csv", "text/csv; charset=utf-8", "public, max-age=3600"),
        ("data/x/1.0.0/x.parquet", "application/vnd.apache.parquet", "public, max-age=3600"),
        ("data/x/1.0.0/x.zip", "application/zip", "public, max-age=3600"),
        ("charts/x.svg", "image/svg+xml", "public, max-age=86400"),
        ("charts/x.png", "image/png", "public, max-age=86400"),
        ("pagefind/pagefind.js", "text/javascript; charset=utf-8", "public, max-age=86400"),
        ("pagefind/wasm.en.pagefind", "application/octet-stream", "public, max-age=86400"),
        ("pagefind/index/en_1.pf_index", "application/octet-stream", IMMUTABLE_CACHE),
        ("newsroom/vendor/vega/LICENSE", "application/octet-stream", "public, max-age=3600"),
    ],
)
def test_content_type_and_cache_control(key, kind, cache):
    assert (content_type(key), cache_control(key)) == (kind, cache)


def test_upload_order_puts_what_links_to_others_after_it():
    plan = PublishPlan(
        "test",
        new=["index.html", "catalog.jsonld", "pagefind/pagefind-entry.json", "feeds/all.rss.xml"],
        changed=["a/index.html", "pagefind/fragment/en_1.pf_fragment", "theme/css/site.css"],
    )
    assert plan.uploads == [
        "pagefind/fragment/en_1.pf_fragment",
        "theme/css/site.css",
        "catalog.jsonld",
        "feeds/all.rss.xml",
        "pagefind/pagefind-entry.json",
        "a/index.html",
        "index.html",
    ]


# What may be published


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda out: (out / "index.html").unlink(), "not-a-build"),
        (lambda out: (out / "secrets").symlink_to("/etc/passwd"), "unsafe-file"),
        (lambda out: (out / "etc").symlink_to("/etc", target_is_directory=True), "unsafe-file"),
        (lambda out: (out / "back\\slash.html").write_text("x"), "unsafe-name"),
        (lambda out: (out / "line\nbreak.html").write_text("x"), "unsafe-name"),
    ],
    ids=["no-index", "file-symlink-out", "folder-symlink-out", "backslash", "newline"],
)
def test_refuses_what_is_not_a_finished_build(tmp_path, make, code):
    output = write_site(tmp_path / "output", SITE)
    make(output)
    with pytest.raises(PublishError) as refused:
        read_output(output)
    assert refused.value.code == code
    assert refused.value.hint


def test_refuses_a_staging_folder_and_knows_site_builds_prefixes(tmp_path):
    from newsroom.site.build import RETIRED_PREFIX, STAGING_PREFIX

    assert (STAGING_PREFIX, RETIRED_PREFIX) == BUILD_LEFTOVER_PREFIXES
    staging = write_site(tmp_path / f"{STAGING_PREFIX}abc123", SITE)
    with pytest.raises(PublishError) as refused:
        read_output(staging)
    assert refused.value.code == "build-leftover"


def test_refuses_a_preview_build(tmp_path):
    with pytest.raises(PublishError) as refused:
        read_output(write_site(tmp_path / "preview", SITE))
    assert refused.value.code == "preview-build"


def test_a_symlink_inside_output_is_published_as_its_file(tmp_path):
    output = write_site(tmp_path / "output", SITE)
    (output / "home.html").symlink_to(output / "index.html")
    files = {file.key: file for file in read_output(output)}
    assert files["home.html"].sha256 == files["index.html"].sha256


def test_an_unreadable_file_stops_publishing_instead_of_being_skipped(tmp_path, monkeypatch):
    output = write_site(tmp_path / "output", SITE)
    real_open = Path.open

    def denied(path: Path, *args, **kwargs):  # chmod 000 does not stop root, so refuse here
        if path.name == "site.css":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(PublishError) as refused:
        read_output(output)
    assert refused.value.code == "unreadable"
    assert refused.value.where.endswith("site.css")


def test_refused_folder_uploads_nothing(bucket, tmp_path):
    output = write_site(tmp_path / "output", SITE)
    (output / "passwd").symlink_to("/etc/passwd")
    with pytest.raises(PublishError):
        publish_to_s3(output, bucket)
    assert objects(bucket) == {}


def test_missing_bucket_and_unsafe_prefix_are_refused():
    with pytest.raises(PublishError) as no_bucket:
        S3Target(bucket="")
    assert no_bucket.value.code == "no-bucket"
    with pytest.raises(PublishError) as unsafe:
        S3Target(bucket="b", prefix="site/../other")
    assert unsafe.value.code == "unsafe-name"


# A git branch


def git_bytes(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True).stdout


def git(repo: Path, *args: str) -> str:
    return git_bytes(repo, *args).decode("utf-8").strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with one commit on main and a clean working tree; no user config."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Author")
    git(root, "config", "user.email", "author@example.org")
    (root / "README.md").write_text("the project\n")
    (root / ".gitignore").write_text("output/\n")
    git(root, "add", "README.md", ".gitignore")
    git(root, "commit", "-q", "-m", "start")
    return root


def branch_files(repo: Path, branch: str) -> dict[str, bytes]:
    names = git(repo, "ls-tree", "-r", "--name-only", "-z", branch).split("\0")
    return {name: git_bytes(repo, "cat-file", "blob", f"{branch}:{name}") for name in names if name}


def test_publish_to_branch_commits_output_and_touches_nothing_else(repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    output = write_site(repo / "output", SITE)
    head, status = git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain")
    first = publish_to_git(output, repo)
    assert branch_files(repo, "gh-pages") == {**files_of(output), ".nojekyll": b""}
    assert git(repo, "rev-parse", "gh-pages") == first.commit
    assert git(repo, "log", "-1", "--format=%ct %at", "gh-pages") == "1700000000 1700000000"
    assert git(repo, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == status == ""

    unchanged = publish_to_git(output, repo)
    assert not unchanged.plan.has_changes and unchanged.commit == first.commit
    assert git(repo, "rev-list", "--count", "gh-pages") == "1"

    change_site(output)
    dry = publish_to_git(output, repo, dry_run=True)
    assert (dry.plan.new, dry.plan.changed, dry.plan.deleted) == (NEW, CHANGED, DELETED)
    assert git(repo, "rev-parse", "gh-pages") == first.commit
    second = publish_to_git(output, repo)
    assert git(repo, "rev-parse", "gh-pages^") == first.commit
    assert branch_files(repo, "gh-pages") == {**files_of(output), ".nojekyll": b""}
    assert second.deleted == DELETED
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""


def test_same_output_and_epoch_give_the_same_commit(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    output = write_site(repo / "output", SITE)
    first = publish_to_git(output, repo, branch="site-a")
    second = publish_to_git(output, repo, branch="site-b")
    assert first.commit == second.commit


def test_push_to_a_remote_and_identity_without_config(repo, tmp_path, monkeypatch):
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    git(repo, "config", "user.useConfigOnly", "true")  # git may not guess one from the host
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{role}_NAME", raising=False)
        monkeypatch.delenv(f"GIT_{role}_EMAIL", raising=False)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    output = write_site(repo / "output", SITE)
    result = publish_to_git(output, repo, branch="pages", remote="origin")
    assert git(remote, "rev-parse", "refs/heads/pages") == result.commit
    assert git(repo, "log", "-1", "--format=%an <%ae>", "pages") == (
        "Newsroom publisher <publisher@newsroom.invalid>"
    )


def test_refuses_the_checked_out_branch_and_a_bad_name(repo):
    output = write_site(repo / "output", SITE)
    with pytest.raises(PublishError) as checked_out:
        publish_to_git(output, repo, branch="main")
    assert checked_out.value.code == "branch-checked-out"
    with pytest.raises(PublishError) as bad:
        publish_to_git(output, repo, branch="no..dots")
    assert bad.value.code == "bad-branch"
    assert git(repo, "branch", "--list") == "* main"
