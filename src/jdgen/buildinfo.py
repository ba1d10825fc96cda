"""The build time, fixed by ``SOURCE_DATE_EPOCH`` when set, so builds can be reproduced."""

from __future__ import annotations

import datetime as dt
import os


def build_datetime() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` as a UTC datetime if set, else now (UTC, whole seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
