"""``write_gallery``: a static ``figures/index.html`` showing every figure, no server or network."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from promis_analytics.charts.catalogue import chart_meta
from promis_analytics.export import atomic_write
from promis_analytics.formatting import LANGS

__all__ = ["IMAGE_FORMATS", "GalleryEntry", "gallery_entries", "render_gallery", "write_gallery"]

#: Files a figure may have, in link order; the first present of png/svg is the thumbnail.
IMAGE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
#: The data behind a figure, linked after its images.
DATA_FORMAT = "csv"

# Interface texts (uk, en): the gallery's own words, not chart labels.
_UI: dict[str, tuple[str, str]] = {
    "title": ("Галерея рисунків", "Figure gallery"),
    "title_of": ("Галерея рисунків: {title}", "Figure gallery: {title}"),
    "intro": (
        "Усі рисунки, зібрані з даних; натисніть посилання, щоб завантажити файл.",
        "Every figure built from the data; follow a link to download the file.",
    ),
    "skipped": ("Пропущено", "Skipped"),
    "skipped_intro": (
        "Ці рисунки не зібрано: дані їх не підтримують або потрібного реєстру немає.",
        "These figures were not built: the data cannot support them or a register is absent.",
    ),
    "none_built": ("Жодного рисунка не зібрано.", "No figure was built."),
    "source": ("Джерело", "Source"),
    "notebook": ("Блокнот і функція", "Notebook and function"),
    "no_meta": (
        "немає опису: файл {name} відсутній",
        "no description: {name} is missing",
    ),
    "count": ("Файлів рисунків: {n}", "Figure files: {n}"),
    "both": ("Обидві мови", "Both languages"),
    "other": ("Інші рисунки", "Other figures"),
}
_LANG_NAMES = {"uk": "Українська", "en": "English"}

_CSS = """
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;padding:1.2rem 2rem;color:#222;
background:#f5f6f8}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:1rem;margin-bottom:1rem}
h1{font-size:1.5rem;margin:0}
.toggle button{font:inherit;padding:.3rem .8rem;border:1px solid #1f4e79;background:#fff;
color:#1f4e79;cursor:pointer}
.toggle button[aria-pressed=true]{background:#1f4e79;color:#fff}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:1rem}
.group-title{font-size:1.15rem;margin:1.4rem 0 .6rem;color:#1f4e79}
.card{background:#fff;border:1px solid #d8dbe0;border-radius:6px;padding:.8rem;
display:flex;flex-direction:column;gap:.4rem}
.card img{width:100%;height:240px;object-fit:contain;background:#fff;border:1px solid #eee}
.card h2{font-size:1rem;margin:.2rem 0}
.caption{margin:0;font-size:.9rem}
.meta{font-size:.78rem;color:#555;margin:0}
.links a{margin-right:.7rem;font-size:.85rem}
.flag{color:#b00020;font-size:.8rem;font-weight:bold}
.card.no-meta{border-color:#b00020}
.skipped{margin-top:1.5rem}.skipped h2{font-size:1.1rem}.skipped li{margin:.3rem 0}
body.lang-uk [data-lang=en],body.lang-en [data-lang=uk]{display:none}
body.lang-uk .t-en,body.lang-en .t-uk{display:none}
body.lang-all .t-en{display:none}
"""

# Language toggle (#uk, #en, #all in the address), plus a load check: once every image has
# finished, body gets data-loaded="<loaded>/<total>" and data-broken="<n>" (used by tests).
# "#all" shows both languages and loads every image at once.
_JS = """
(function(){
var b=document.body;
function set(l){b.className='lang-'+l;
document.querySelectorAll('.toggle button').forEach(function(x){
x.setAttribute('aria-pressed',String(x.dataset.set===l));});
if(l==='all'){document.querySelectorAll('img').forEach(function(i){i.loading='eager';});}}
document.querySelectorAll('.toggle button').forEach(function(x){
x.addEventListener('click',function(){location.hash=x.dataset.set;set(x.dataset.set);});});
var h=location.hash.slice(1);set(h==='en'||h==='all'?h:'uk');
function check(){var im=document.images,n=0,bad=0,done=0;
for(var k=0;k<im.length;k++){if(im[k].complete){done++;
if(im[k].naturalWidth>0){n++;}else{bad++;}}}
b.setAttribute('data-loaded',n+'/'+im.length);b.setAttribute('data-broken',String(bad));
if(done<im.length){setTimeout(check,50);}}
window.addEventListener('load',check);
})();
"""


@dataclass(frozen=True)
class GalleryEntry:
    """One figure: ``stem`` (e.g. ``participants_per_city.uk``), its language, files, metadata."""

    stem: str
    chart: str
    lang: str | None
    files: dict[str, str] = field(default_factory=dict)  # format → file name
    meta: dict[str, str] | None = None


def _split(stem: str) -> tuple[str, str | None]:
    base, _, lang = stem.rpartition(".")
    return (base, lang) if base and lang in LANGS else (stem, None)


def gallery_entries(figures_dir: str | Path) -> list[GalleryEntry]:
    """Every figure in ``figures_dir`` (by file stem), sorted by chart then language.

    A figure is any stem with a .png, .svg or .pdf file; its ``<stem>.json`` sidecar (written
    by ``save_figure(meta=…)``) gives title, caption, source, chart and notebook. A sidecar
    that is not a JSON object of texts counts as missing. A sidecar with ``skipped`` (a chart
    or notebook the data could not support) is an entry without files.
    """
    folder = Path(figures_dir)
    files: dict[str, dict[str, str]] = {}
    for p in sorted(folder.iterdir()) if folder.is_dir() else []:
        ext = p.suffix.lstrip(".").lower()
        if p.is_file() and ext in IMAGE_FORMATS:
            files.setdefault(p.name[: -len(p.suffix)], {})[ext] = p.name
        elif p.is_file() and ext == "json" and '"skipped"' in p.read_text(encoding="utf-8"):
            files.setdefault(p.name[: -len(p.suffix)], {})
    lang_rank = {lang: i for i, lang in enumerate(LANGS)}
    entries = []
    for stem, fmts in files.items():
        chart, lang = _split(stem)
        meta = None
        sidecar = folder / f"{stem}.json"
        if sidecar.is_file():
            try:
                data = json.loads(sidecar.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                data = None
            if isinstance(data, dict) and all(isinstance(v, str) for v in data.values()):
                meta = data
        ordered = {f: fmts[f] for f in IMAGE_FORMATS if f in fmts}
        if ordered and (folder / f"{stem}.{DATA_FORMAT}").is_file():
            ordered[DATA_FORMAT] = f"{stem}.{DATA_FORMAT}"  # the values drawn (save_figure)
        entries.append(GalleryEntry(stem, chart, lang, ordered, meta))
    entries.sort(key=lambda e: (e.chart, lang_rank.get(e.lang or "", -1), e.stem))
    return entries


def _ui(key: str, **kw: str) -> str:
    uk, en = _UI[key]
    return (
        f'<span class="t-uk">{escape(uk.format(**kw))}</span>'
        f'<span class="t-en">{escape(en.format(**kw))}</span>'
    )


def _card(e: GalleryEntry, prefix: str) -> str:
    lang = e.lang or "uk"
    i = LANGS.index(lang) if lang in LANGS else 0
    meta = e.meta or {}
    title = meta.get("title") or e.stem
    thumb = e.files.get("png") or e.files.get("svg")
    attrs = f' data-lang="{e.lang}"' if e.lang else ""
    cls = "card" if e.meta is not None else "card no-meta"
    out = [f'<article class="{cls}" id="{escape(e.stem)}"{attrs} lang="{escape(lang)}">']
    if thumb:
        out.append(
            f'<a href="{escape(prefix + thumb)}"><img src="{escape(prefix + thumb)}" '
            f'alt="{escape(title)}" loading="lazy"></a>'
        )
    out.append(f"<h2>{escape(title)}</h2>")
    if meta.get("caption"):
        out.append(f'<p class="caption">{escape(meta["caption"])}</p>')
    if meta.get("source"):
        out.append(f'<p class="meta">{escape(_UI["source"][i])}: {escape(meta["source"])}</p>')
    names = [x for x in (meta.get("notebook"), meta.get("chart")) if x]
    if names:
        out.append(f'<p class="meta">{escape(_UI["notebook"][i])}: {escape(" · ".join(names))}</p>')
    if e.meta is None:
        out.append(f'<p class="flag">{_ui("no_meta", name=e.stem + ".json")}</p>')
    links = [f'<a href="{escape(prefix + n)}">{f.upper()}</a>' for f, n in e.files.items()]
    out.append(f'<p class="links">{" ".join(links)}</p>')
    out.append("</article>")
    return "\n".join(out)


def _section_title(notebook: str, partners: bool = True) -> str:
    """«uk / en» spans of a notebook's gallery section (``section.<stem>`` in the label
    catalogue, as a project with or without ``partners`` says it; else the file name)."""
    from promis_analytics.charts.labels import project_label

    stem = notebook.removesuffix(".ipynb")
    try:
        uk, en = (project_label(f"section.{stem}", g, partners=partners) for g in ("uk", "en"))
    except KeyError:
        uk = en = notebook
    return f'<span class="t-uk">{escape(uk)}</span><span class="t-en">{escape(en)}</span>'


def _sections(built: list[GalleryEntry], prefix: str, partners: bool = True) -> str:
    """The cards grouped by the notebook that made them (notebook order), one section each:
    the sidecar's ``notebook``, else the chart's row of the catalogue (``chart_meta``);
    figures without a notebook last."""
    groups: dict[str, list[GalleryEntry]] = {}
    for e in built:
        known = (e.meta or {}).get("notebook") or chart_meta(e.chart).get("notebook")
        groups.setdefault(known or "", []).append(e)
    out = []
    for notebook in sorted(groups, key=lambda n: (n == "", n)):
        title = _section_title(notebook, partners) if notebook else _ui("other")
        anchor = escape(notebook.removesuffix(".ipynb") or "other")
        cards = "\n".join(_card(e, prefix) for e in groups[notebook])
        out.append(
            f'<section class="group" id="section-{anchor}">\n<h2 class="group-title">{title}</h2>'
            f'\n<div class="grid">\n{cards}\n</div>\n</section>'
        )
    return "\n".join(out)


def _titles(project: tuple[str | None, str | None]) -> tuple[str, str]:
    """The page title in (uk, en): «Галерея рисунків: <project title>» when the folder's
    ``[project]`` declares ``title_uk`` / ``title_en``, else the bare «Галерея рисунків»."""
    out = []
    for i, name in enumerate(project):
        out.append(_UI["title_of"][i].format(title=name) if name else _UI["title"][i])
    return out[0], out[1]


def render_gallery(
    entries: list[GalleryEntry],
    prefix: str = "",
    project: tuple[str | None, str | None] = (None, None),
    partners: bool = True,
) -> str:
    """The gallery page for ``entries``; file links are ``prefix + file name``; ``partners``:
    the project declares partner places (section titles may say so); ``project``:
    the folder's (title_uk, title_en), named in the page title."""
    title_uk, title_en = _titles(project)
    buttons = (
        "".join(
            f'<button type="button" data-set="{lang}" aria-pressed="false">'
            f"{_LANG_NAMES[lang]}</button>"
            for lang in LANGS
        )
        + f'<button type="button" data-set="all" aria-pressed="false">{_ui("both")}</button>'
    )
    built = [e for e in entries if not (e.meta or {}).get("skipped")]
    skipped = [e for e in entries if (e.meta or {}).get("skipped")]
    cards = _sections(built, prefix, partners) or f"<p>{_ui('none_built')}</p>"
    items = "".join(
        f'<li data-lang="{escape(e.lang or "")}" lang="{escape(e.lang or "uk")}">'
        f"<b>{escape((e.meta or {}).get('title') or e.stem)}</b> — "
        f"{escape((e.meta or {})['skipped'])}</li>\n"
        for e in skipped
    )
    skipped_html = (
        f'<section class="skipped" id="skipped">\n<h2>{_ui("skipped")}</h2>\n'
        f'<p class="meta">{_ui("skipped_intro")}</p>\n<ul>\n{items}</ul>\n</section>\n'
        if skipped
        else ""
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="uk">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title_uk)} / {escape(title_en)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n"
        '<body class="lang-uk">\n<header>\n'
        f'<h1><span class="t-uk">{escape(title_uk)}</span>'
        f'<span class="t-en">{escape(title_en)}</span></h1>\n'
        f'<nav class="toggle">{buttons}</nav>\n'
        f'<p class="meta">{_ui("intro")} {_ui("count", n=str(len(built)))}</p>\n'
        f"</header>\n<main>\n{cards}\n</main>\n{skipped_html}"
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )


def write_gallery(
    figures_dir: Path,
    out: Path | None = None,
    project: tuple[str | None, str | None] = (None, None),
    partners: bool = True,
) -> Path:
    """Write the gallery of ``figures_dir`` to ``out`` (default ``figures_dir/index.html``).

    Every figure is a card: thumbnail (its PNG, lazy-loaded), title, caption and source line
    from its ``<stem>.json`` sidecar, links to its PNG/SVG/PDF and the CSV of its values;
    figures without a sidecar are listed by file name and flagged. A toggle shows Ukrainian
    (default) or English figures (``#en`` / ``#all`` in the address). Inline CSS and JS only;
    sorted, so the same figures give the same bytes; written atomically. ``project``: the
    folder's (title_uk, title_en) for the page title.
    """
    folder = Path(figures_dir)
    target = Path(out) if out is not None else folder / "index.html"
    rel = os.path.relpath(folder.resolve(), target.parent.resolve())
    prefix = "" if rel == "." else Path(rel).as_posix() + "/"
    text = render_gallery(gallery_entries(folder), prefix, project, partners)
    return atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
