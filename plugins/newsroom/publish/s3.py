"""Step 7a: publish output/ to an S3-compatible bucket: uploads first, pages last,
deletions after every upload succeeded, so the published site stays whole.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom.publish.common import (
    LocalFile,
    PublishError,
    PublishPlan,
    PublishResult,
    cache_control,
    check_key,
    compare_files,
    content_type,
    read_output,
)

logger = logging.getLogger(__name__)


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
    return compare_files(local, published, target.destination)


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
