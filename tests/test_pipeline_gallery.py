"""The static figure gallery: structure in Python, and every image loading in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from promis_analytics.charts import save_figure
from promis_analytics.charts.figure_data import attach_data
from promis_analytics.pipeline.gallery import gallery_entries, write_gallery

CHROMIUM = "/usr/bin/chromium"


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.imgs: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("link", "script") and (a.get("href") or a.get("src")):
            self.external.append(a.get("href") or a.get("src"))


def _figure(text: str) -> Figure:
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.bar(["Вінниця", "Полтава"], [3, 5])
    ax.set_title(text)
    return fig


@pytest.fixture
def figures(tmp_path) -> Path:
    folder = tmp_path / "figures"
    for lang, title, caption, source in (
        ("uk", "Учасники заходів", "Кількість учасників за містами.", "Моніторингова картка"),
        ("en", "Event participants", "Participants per city.", "Monitoring card"),
    ):
        meta = {
            "chart": "participants_per_city",
            "notebook": "02_participants.ipynb",
            "title": title,
            "caption": caption,
            "source": source,
        }
        fig = attach_data(_figure(title), pd.DataFrame({"Місто": ["Вінниця"], "n": [3]}))
        save_figure(fig, f"participants_per_city.{lang}", dpi=40, out_dir=folder, meta=meta)
    save_figure(_figure("x"), "orphan_chart.uk", formats=("png", "svg"), dpi=40, out_dir=folder)
    return folder


def test_structure(figures):
    out = write_gallery(figures)
    assert out == figures / "index.html"
    html = out.read_text(encoding="utf-8")
    refs = _Refs()
    refs.feed(html)
    pngs = sorted(p.name for p in figures.glob("*.png"))
    assert sorted(i["src"] for i in refs.imgs) == pngs  # every PNG shown once
    assert all(i.get("loading") == "lazy" for i in refs.imgs)
    assert all((figures / href).is_file() for href in refs.links)
    assert {h for h in refs.links if h.endswith(".pdf")} == {
        "participants_per_city.uk.pdf",
        "participants_per_city.en.pdf",
    }
    # the data behind each figure, one click away; none for a figure drawn without it
    assert {h for h in refs.links if h.endswith(".csv")} == {
        "participants_per_city.uk.csv",
        "participants_per_city.en.csv",
    }
    assert refs.external == []  # inline CSS and JS only
    assert not re.search(r"https?://", html)
    assert "Учасники заходів" in html and "Participants per city." in html
    assert "Джерело: Моніторингова картка" in html and "Source: Monitoring card" in html
    # Ukrainian first
    assert html.index('data-lang="uk"') < html.index('data-lang="en"')
    assert '<body class="lang-uk">' in html
    # the figure without a sidecar is listed and flagged
    assert 'class="card no-meta" id="orphan_chart.uk"' in html
    assert "orphan_chart.uk.json" in html


def test_deterministic_and_relative_out(figures, tmp_path):
    a = write_gallery(figures).read_bytes()
    assert write_gallery(figures).read_bytes() == a
    other = write_gallery(figures, tmp_path / "site" / "gallery.html")
    refs = _Refs()
    refs.feed(other.read_text(encoding="utf-8"))
    assert all(i["src"].startswith("../figures/") for i in refs.imgs)
    assert all((other.parent / h).is_file() for h in refs.links)


def test_bad_sidecar_counts_as_missing(figures):
    (figures / "participants_per_city.en.json").write_text("[1, 2]", encoding="utf-8")
    entries = {e.stem: e for e in gallery_entries(figures)}
    assert entries["participants_per_city.en"].meta is None
    assert entries["participants_per_city.uk"].meta["title"] == "Учасники заходів"
    assert [e.stem for e in gallery_entries(figures)] == [
        "orphan_chart.uk",
        "participants_per_city.uk",
        "participants_per_city.en",
    ]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI")
        pytest.skip("chromium is not installed")
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    profile = tmp_path / "profile"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run(
        [exe, *flags, *args], capture_output=True, text=True, timeout=120, check=True
    )


def _body(dom: str) -> str:
    m = re.search(r"<body[^>]*>", dom)
    assert m, dom[:500]
    return m.group(0)


@pytest.mark.slow
def test_chromium_loads_every_image_and_screenshots(figures, tmp_path):
    page = write_gallery(figures).as_uri()
    dom = _chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom", page + "#all").stdout
    body = _body(dom)
    n = len(list(figures.glob("*.png")))
    assert f'data-loaded="{n}/{n}"' in body
    assert 'data-broken="0"' in body
    shot = tmp_path / "gallery.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 10_000  # not a blank page


@pytest.mark.slow
def test_chromium_sees_a_broken_image(figures, tmp_path):
    (figures / "orphan_chart.uk.png").write_bytes(b"not a png")
    page = write_gallery(figures).as_uri()
    dom = _chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom", page + "#all").stdout
    assert 'data-broken="1"' in _body(dom)
