"""Error codes of the later steps: news releases, the catalogue, the build, publishing."""

from __future__ import annotations

from newsroom.core.error_codes.error_code import ErrorCode

OUTPUT_CODES = (
    ErrorCode(
        "template-kind-unknown",
        "news",
        "An unknown kind of generated article",
        "Write 'Kind: new-release' or 'Kind: unit-in-numbers' in the template's front"
        " matter (docs/generated-articles.md).",
    ),
    ErrorCode(
        "release-published-invalid",
        "news",
        "A release's publication time that cannot be read",
        'Write "published" in ISO 8601, e.g. "2021-07-12T09:30:00+01:00".',
    ),
    ErrorCode(
        "pin-lock-invalid",
        "news",
        "A pins file that is not valid JSON",
        "Restore the file from version control, or delete it and run `newsroom pin`.",
    ),
    ErrorCode(
        "pin-release-missing",
        "news",
        "An article pinned to a release that is not kept",
        "Keep that release in the package's archive/ folder, or pin the article again"
        " with `newsroom pin` (docs/generated-articles.md).",
    ),
    ErrorCode(
        "new-title-missing",
        "news",
        "A new release without a title",
        'Give one: `newsroom new --title "..."`.',
    ),
    ErrorCode(
        "new-release-exists",
        "news",
        "A new release whose file exists already",
        "Open the file that exists, or give the new release another title.",
    ),
    ErrorCode(
        "new-original-missing",
        "news",
        "A translation of a file that does not exist",
        "Give the path of the original, e.g. --original content/news/x.md.",
    ),
    ErrorCode(
        "new-original-same-language",
        "news",
        "A translation into the original's own language",
        "Choose another language with --lang.",
    ),
    ErrorCode(
        "download-name-clash",
        "catalogue",
        "Two resources published under one file name",
        "Give each resource file of the package a name of its own.",
    ),
    ErrorCode(
        "download-xlsx-limit",
        "catalogue",
        "A table too large for a spreadsheet download",
        "Split the resource into smaller tables, or publish it without an XLSX download.",
    ),
    ErrorCode(
        "template-error",
        "site",
        "A template that cannot be filled in",
        "Correct the template the message names: a theme template (every variable it"
        " writes must be defined) or a generated article's (docs/generated-articles.md).",
    ),
    ErrorCode(
        "build-crashed",
        "site",
        "The build failed unexpectedly",
        "This is a bug in the build or a theme template: build with --debug for the"
        " traceback, and report it.",
    ),
    ErrorCode(
        "pelican-warning",
        "site",
        "A warning that Pelican logged",
        "Do what Pelican's message asks: warnings are errors in the newsroom's builds.",
    ),
    ErrorCode(
        "pelican-error",
        "site",
        "An error that Pelican logged",
        "Do what Pelican's message asks; it names the file it could not process.",
    ),
    ErrorCode(
        "pelican-critical",
        "site",
        "A critical error that Pelican logged",
        "Do what Pelican's message asks.",
    ),
    ErrorCode(
        "search-index-failed",
        "site",
        "The search index could not be built",
        "Check that the pagefind package is installed (`make build` installs it).",
    ),
    ErrorCode(
        "not-a-build",
        "publish",
        "A folder that is not a finished build",
        "Run `newsroom build --settings publishconf.py` and publish its output/.",
    ),
    ErrorCode(
        "build-leftover",
        "publish",
        "A build's staging folder instead of output/",
        "Publish the output/ folder that a successful build swapped into place.",
    ),
    ErrorCode(
        "preview-build",
        "publish",
        "A preview build, with embargoed content",
        "Publish output/ from `newsroom build --settings publishconf.py`, never preview/.",
    ),
    ErrorCode(
        "unreadable",
        "publish",
        "A file of output/ that cannot be read",
        "Check the permissions of output/, or build it again.",
    ),
    ErrorCode(
        "unsafe-file",
        "publish",
        "A link or special file in output/",
        "Build output/ again: a finished build holds only regular files.",
    ),
    ErrorCode(
        "unsafe-name",
        "publish",
        "A file name that is not safe as a URL path",
        "Rename the source file with letters, digits, '-', '_' and '.' only.",
    ),
    ErrorCode(
        "not-a-repository",
        "publish",
        "Publishing to a folder that is not a git repository",
        "Give the path of a git repository.",
    ),
    ErrorCode(
        "bad-branch",
        "publish",
        "A branch name git refuses",
        "Give a valid git branch name, e.g. gh-pages.",
    ),
    ErrorCode(
        "branch-checked-out",
        "publish",
        "Publishing to the branch that is checked out",
        "Switch to another branch first, or publish to a branch used only for the site.",
    ),
    ErrorCode(
        "git-failed",
        "publish",
        "A git command that failed",
        "Check that the repository path is a git repository you can write to.",
    ),
    ErrorCode(
        "push-failed",
        "publish",
        "A push that was refused or could not connect",
        "The commit is on the local branch: push it by hand to see why.",
    ),
    ErrorCode(
        "bad-source-date-epoch",
        "publish",
        "A SOURCE_DATE_EPOCH that is not whole seconds",
        "Set it to a Unix timestamp, e.g. `git log -1 --format=%ct`, or unset it.",
    ),
    ErrorCode(
        "no-bucket",
        "publish",
        "Publishing to S3 without a bucket",
        "Pass --bucket or set NEWSROOM_S3_BUCKET (and NEWSROOM_S3_ENDPOINT if not AWS).",
    ),
    ErrorCode(
        "s3-unreachable",
        "publish",
        "The S3 bucket cannot be reached",
        "Check the bucket's name, the endpoint and the credentials.",
    ),
    ErrorCode(
        "upload-failed",
        "publish",
        "An upload that failed",
        "Correct the cause and publish again: nothing was deleted, and the site is whole.",
    ),
    ErrorCode(
        "delete-failed",
        "publish",
        "A stale file that could not be deleted",
        "Publish again to remove it: every new file is live already.",
    ),
)
