"""Font discovery: Windows fonts by file name when present, else the bundled free fonts, with their licences."""

from pathlib import Path

from desktop.report import fonts

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"


def test_bundled_fonts_cover_every_role_with_a_licence_beside_them():
    fs = fonts.get_fonts(use_system=False)
    assert set(fs.roles) == set(fonts.ROLES)
    for role, choice in fs.roles.items():
        assert choice.bundled and choice.path.parent == FONT_DIR, role
        licence = choice.licence.split("（")[-1].rstrip("）")
        assert (FONT_DIR / licence).is_file(), licence
    lines = fs.describe()
    assert len(lines) == 5 and lines[1].startswith("正文（仿宋）：")
    assert fonts.get_fonts(use_system=False) is fs  # registered once per process


def test_bundle_stays_modest_and_truetype_only():
    files = [p for p in FONT_DIR.iterdir() if p.suffix.lower() in (".ttf", ".ttc", ".otf")]
    assert sum(p.stat().st_size for p in files) < 40 * 2**20
    for p in files:
        head = p.read_bytes()[:4]
        assert head in (b"\x00\x01\x00\x00", b"ttcf", b"true"), p  # never CFF (OTTO): reportlab cannot embed it


def test_windows_fonts_win_when_installed(tmp_path, monkeypatch):
    (tmp_path / "SIMKAI.TTF").symlink_to(FONT_DIR / "ZWGKKai-Regular.ttf")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "simhei.ttf").symlink_to(FONT_DIR / "wqy-microhei.ttc")  # names match case-insensitively
    garbage = tmp_path / "SIMFANG.TTF"
    garbage.write_bytes(b"OTTO not a font reportlab can embed")
    monkeypatch.setenv("ZWGK_FONT_DIRS", str(tmp_path))
    fs = fonts._register(use_system=True)
    assert fs.roles["heading2"].path == tmp_path / "SIMKAI.TTF"
    assert not fs.roles["heading2"].bundled and "系统字体" in fs.roles["heading2"].describe()
    assert fs.roles["heading1"].path == tmp_path / "sub" / "simhei.ttf"
    assert fs.roles["body"].path != garbage  # unusable files are skipped


def test_resolve_falls_back_for_missing_glyphs():
    fs = fonts.get_fonts(use_system=False)
    kai = fs.name("heading2")
    assert fs.resolve("中", kai) == kai
    assert fs.resolve("堃", kai) != kai  # outside GB2312
