"""Packages across releases, on both backends: the manifest names its format, schema version and each file's fields;
a package from an older release (fewer fields) imports, a field it lacks keeping the local value or taking its
default; a package from a newer release with a field, a register or a format this release lacks is refused
naming the release it needs, and nothing is written."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop.db import close_db, init_db, migrations
from desktop.db.declare import Field, Kind
from desktop.db.models import ALL_MODELS, DISCLOSURE, DisclosureRequest
from desktop.domain import vocab
from desktop.exchange.package import export_package, import_package
from desktop.exchange.package_format import MANIFEST, canonical, content_hash
from desktop.exchange.package_versions import PackageTooNew
from desktop.registers import REGISTERS, SYSTEM, Actor

ADMIN = Actor("admin", vocab.ROLE_ADMIN)
REQUEST = {"channel": "当面", "arrived_date": "2015-03-02", "applicant_type": "自然人", "applicant": "陈明"}


@pytest.fixture
def pcs(tmp_path, pg_server):
    """A window PC (A) with one disclosure request, and an empty office PC (B)."""
    if pg_server is None:
        a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    else:
        a, b = pg_server.create(), pg_server.create()
    init_db(b)
    init_db(a)
    uuid = REGISTERS["disclosure"].save({**REQUEST, "content": "征地补偿标准"}, SYSTEM)[0].uuid
    close_db()
    yield SimpleNamespace(a=a, b=b, dir=tmp_path, uuid=uuid)
    close_db()
    if pg_server is not None:
        pg_server.drop(a)
        pg_server.drop(b)


def export_from(env, name: str = "p.zwgk") -> Path:
    init_db(env.a)
    path = env.dir / name
    export_package(path)
    close_db()
    return path


def rewrite(path: Path, target: Path, manifest_edit=None, rows_edit=None) -> Path:
    """The package with its manifest or rows changed and every checksum made again, as another release would
    have written it."""
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        files = {
            e["name"]: [json.loads(line) for line in zf.read(e["name"]).decode().splitlines()]
            for e in manifest["files"]
        }
    for entry in manifest["files"]:
        rows = files[entry["name"]]
        if rows_edit is not None and entry["name"] != "audit.jsonl":
            rows_edit(entry, rows)
            for row in rows:
                row["hash"] = content_hash(row["values"], row["voided"], row["void_reason"])
    if manifest_edit is not None:
        manifest_edit(manifest, files)
    blobs = {name: b"".join(canonical(r) + b"\n" for r in rows) for name, rows in files.items()}
    for entry in manifest["files"]:
        entry["rows"], entry["sha256"] = len(files[entry["name"]]), hashlib.sha256(blobs[entry["name"]]).hexdigest()
    body = {k: v for k, v in manifest.items() if k != "package_sha256"}
    manifest["package_sha256"] = hashlib.sha256(canonical(body)).hexdigest()
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
        for name, blob in blobs.items():
            zf.writestr(name, blob)
    return target


def state_of_database() -> str:
    digest = hashlib.sha256()
    for model in ALL_MODELS:
        for row in model.select().order_by(model._meta.primary_key).tuples():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_the_manifest_names_format_schema_and_fields(pcs):
    with zipfile.ZipFile(export_from(pcs)) as zf:
        manifest = json.loads(zf.read(MANIFEST))
    assert manifest["format_version"] == 2 and manifest["schema_version"] == migrations.LATEST
    listed = {e["name"]: e["fields"] for e in manifest["files"]}
    assert listed["disclosure.jsonl"] == [f.name for f in DISCLOSURE.fields]


def test_a_format_1_package_of_the_release_before_imports(pcs):
    def as_release_0_1_0(manifest, files):
        manifest["format_version"] = 1
        del manifest["schema_version"]
        for entry in manifest["files"]:
            del entry["fields"]

    path = rewrite(export_from(pcs), pcs.dir / "old.zwgk", manifest_edit=as_release_0_1_0)
    init_db(pcs.b)
    assert import_package(path, ADMIN).counts["disclosure"].added == 1


def test_a_package_without_a_field_this_release_added_keeps_the_local_value_or_the_default(pcs, declare_field):
    older = export_from(pcs)  # made before the field existed: schema LATEST, without the field
    init_db(pcs.b)
    import_package(older, ADMIN)
    close_db()
    declare_field(DISCLOSURE, Field("urgent", "加急", Kind.BOOL, default=True), step=True)
    declare_field(DISCLOSURE, Field("reply_letter", "答复函编号", max_length=32), step=True)
    # The office (new release) fills the new field; the window (old release) then edits the request.
    init_db(pcs.b)
    DisclosureRequest.update(reply_letter="长政公开〔2015〕1号").execute()
    close_db()

    def older_edit(entry, rows):
        if entry["name"] == "disclosure.jsonl":
            entry["fields"] = [n for n in entry["fields"] if n not in ("urgent", "reply_letter")]
            for row in rows:
                row["values"] = {k: v for k, v in row["values"].items() if k in entry["fields"]}
                row["values"]["content"] = "征地补偿标准（补充）"
                row["base"] = None

    def older_manifest(manifest, files):
        manifest["schema_version"] = migrations.LATEST - 2

    path = rewrite(older, pcs.dir / "older.zwgk", older_manifest, older_edit)
    init_db(pcs.b)
    result = import_package(path, ADMIN)
    assert result.conflicts + result.replaced == 1
    record = DisclosureRequest.get(DisclosureRequest.uuid == pcs.uuid)
    assert record.reply_letter == "长政公开〔2015〕1号"  # the older release cannot have changed it


def test_a_new_record_from_an_older_package_takes_the_declared_default(pcs, declare_field):
    older = export_from(pcs)
    declare_field(DISCLOSURE, Field("urgent", "加急", Kind.BOOL, default=True), step=True)

    def older_manifest(manifest, files):
        manifest["schema_version"] = migrations.LATEST - 1

    path = rewrite(older, pcs.dir / "older.zwgk", older_manifest)  # its fields are the old set already
    init_db(pcs.b)
    assert import_package(path, ADMIN).counts["disclosure"].added == 1
    assert DisclosureRequest.get(DisclosureRequest.uuid == pcs.uuid).urgent is True


@pytest.mark.parametrize("newer", ["field", "register", "format"])
def test_a_package_of_a_newer_release_is_refused_naming_it_and_writes_nothing(pcs, newer):
    def manifest_edit(manifest, files):
        manifest["app_version"], manifest["schema_version"] = "0.3.0", migrations.LATEST + 1
        if newer == "format":
            manifest["format_version"] = 3
        if newer == "register":
            files["letter.jsonl"] = []
            manifest["files"].append({"name": "letter.jsonl", "rows": 0, "sha256": "", "fields": ["sender"]})

    def rows_edit(entry, rows):
        if newer == "field" and entry["name"] == "disclosure.jsonl":
            entry["fields"].append("reply_letter")
            for row in rows:
                row["values"]["reply_letter"] = "长政公开〔2016〕1号"

    path = rewrite(export_from(pcs), pcs.dir / "newer.zwgk", manifest_edit, rows_edit)
    init_db(pcs.b)
    before = state_of_database()
    with pytest.raises(PackageTooNew) as refused:
        import_package(path, ADMIN)
    message = refused.value.message
    assert "0.3.0版" in message and "未导入任何数据" in message and f"数据结构版本 {migrations.LATEST + 1}" in message
    assert {"field": "reply_letter", "register": "letter", "format": "格式版本为 3"}[newer] in message
    assert state_of_database() == before


def test_a_newer_schema_with_the_same_fields_imports(pcs):
    def manifest_edit(manifest, files):
        manifest["app_version"], manifest["schema_version"] = "0.3.0", migrations.LATEST + 1  # an index, say

    path = rewrite(export_from(pcs), pcs.dir / "newer.zwgk", manifest_edit)
    init_db(pcs.b)
    assert import_package(path, ADMIN).counts["disclosure"].added == 1
