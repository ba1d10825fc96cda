"""The build time, fixed by ``SOURCE_DATE_EPOCH`` when set, so builds can be reproduced."""

from __future__ import annotations

import datetime as dt
import os
import re

from jdgen.errors import InputError, Position, Problem

#: The latest time every output can hold: a ZIP entry's date ends with 2107 (DOCX, bundle).
LATEST = dt.datetime(2107, 12, 31, 23, 59, 59)
_EPOCH = dt.datetime(1970, 1, 1)


def build_datetime() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` as a UTC datetime if set, else now (UTC, whole seconds).

    Raises :class:`InputError` when it is set but is not a whole number of seconds since 1970
    that every output format can hold.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    latest = int((LATEST - _EPOCH).total_seconds())
    if not re.fullmatch(r"[0-9]{1,20}", epoch) or int(epoch) > latest:
        shown = epoch if len(epoch) <= 40 else epoch[:40] + "…"
        raise InputError(Problem(
            Position("SOURCE_DATE_EPOCH"),
            f'"{shown}" is not a number of seconds from 1970 to {LATEST.year} (at most {latest})',
            "set it to a Unix time such as 1767225600, or unset it"))
    return _EPOCH + dt.timedelta(seconds=int(epoch))
