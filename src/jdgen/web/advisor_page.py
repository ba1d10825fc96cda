"""The advisor's page: CSO, VP of Sales or CRO for a company the server offers
(``GET /advisor?company=KEY``) or a company file uploaded in its form (POST, with the CSRF token
every form carries), through the same :func:`jdgen.api.advise` as ``jdgen advise``."""

from __future__ import annotations

from flask import Flask, abort, current_app, render_template, request

from jdgen.errors import InputError, Position, Problem
from jdgen.loading import Upload
from jdgen.web import views

#: The page's entry in the main navigation.
ENTRY = ("advisor", "CSO, VP of Sales or CRO?")


def init_app(app: Flask) -> None:
    app.add_url_rule("/advisor", "advisor", advisor_page, methods=["GET", "POST"])
    if ENTRY not in views.NAVIGATION:  # one entry however many apps a process makes
        views.NAVIGATION.append(ENTRY)


def advisor_page() -> tuple[str, int]:
    from jdgen import api
    from jdgen.advisor.output import view

    choices = views.company_choices()
    key, source = "", None
    if request.method == "POST":
        file = request.files.get("company_file")
        if file is None or not file.filename:
            problems = [Problem(Position("company file"), "no file chosen",
                                "choose a company YAML file, then press Advise")]
            return _page(choices, key, problems=problems), 400
        data = file.read(current_app.config["JDGEN_UPLOAD_LIMIT"] + 1)
        source = Upload(views._file_name(file.filename), data, views._upload_folder())
    else:
        key = request.args.get("company") or views._default_company(choices)
        if key not in choices:
            abort(400, f'unknown company "{key}" — choose one of: {", ".join(choices)}')
        source = choices[key].path
    try:
        advice, _company = api.advise(source, views._library())
    except InputError as exc:
        return _page(choices, key, problems=exc.problems), 400
    return _page(choices, key, advice=advice, shown=view(advice)), 200


def _page(choices: dict, key: str, **values: object) -> str:
    values.setdefault("problems", [])
    return render_template("advisor.html", choices=choices, key=key, **values)
