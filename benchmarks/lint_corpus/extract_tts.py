"""Re-extract the TTS postings of this corpus from a clone of github.com/18F/join.tts.gsa.gov.

    python benchmarks/lint_corpus/extract_tts.py /path/to/join.tts.gsa.gov

Only whole lines are removed, never changed: the Jekyll front matter (except the title and, in
the 2023+ template, the key-objective bullets, which the site shows as posting text), Liquid
comment blocks and lines that are only Liquid tags, and every section but the role-specific
ones (Role summary, Key objectives, and in the 2023+ template Qualifications). Runs of blank
lines become one. See sources.yaml for each file's commit.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent
KEEP = re.compile(r"^##\s+(role summary|key objectives|qualifications)\b", re.I)
TAG_ONLY = re.compile(r"^\s*(\{%[^%]*%\}\s*)+$")


def extract(text: str) -> str:
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    front, body = lines[1:end], lines[end + 1:]
    out: list[str] = []
    for line in front:
        if line.startswith("title:"):
            out.append(line.split(":", 1)[1].strip().strip("\"'"))
    objectives = []
    in_objectives = False
    for line in front:
        if line.startswith("key objectives:"):
            in_objectives = True
            continue
        if in_objectives:
            if line and not line.startswith(" "):
                break
            if line.strip() and not line.lstrip().startswith("#"):
                objectives.append(line)
    kept: list[str] = []
    in_comment = keep = False
    for line in body:
        if "{% comment" in line:
            in_comment = "{% endcomment" not in line
            continue
        if in_comment:
            in_comment = "{% endcomment" not in line
            continue
        if TAG_ONLY.match(line):
            continue
        if line.startswith("## "):
            keep = bool(KEEP.match(line))
            if keep and re.match(r"^##\s+key objectives", line, re.I) and objectives:
                kept += [line, "", *objectives, ""]
                keep = False
                continue
        if keep:
            kept.append(line)
    out += [""] + kept
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in out)).strip()
    return text + "\n"


def main(repo: str) -> None:
    sources = yaml.safe_load((HERE / "sources.yaml").read_text())
    for item in sources["postings"]:
        if item.get("repo") != "18F/join.tts.gsa.gov":
            continue
        raw = subprocess.run(["git", "-C", repo, "show", f"{item['commit']}:{item['path']}"],
                             check=True, capture_output=True, text=True).stdout
        (HERE / item["file"]).write_text(extract(raw))


if __name__ == "__main__":
    main(sys.argv[1])
